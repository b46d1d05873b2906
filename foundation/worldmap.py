"""A world map drawn on the server as inline SVG, from vendored geometry.

The geometry is world-atlas 2.0.2 (``static/vendor/world-atlas/``, ISC licence,
from Natural Earth's public-domain 1:110m countries), read once per process.
Its TopoJSON arcs are decoded and projected here with the Equal Earth
projection (equal areas, so that a large country does not look more present
than it is); nothing is fetched at run time and no script is needed to read the
map. Countries too small for the 1:110m scale (Singapore, Malta, most island
States) have no shape: the table that follows every map lists them.

``world_map_svg`` shades each country by a count, and makes each country with
a count a link (keyboard-reachable, named with its name and figure) to what the
caller's ``link`` function returns.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries

GEOMETRY = Path("vendor/world-atlas/countries-110m.json")
WIDTH = 1000.0
# Equal Earth's constants (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = 2.7066297319215575  # x at longitude 180°, latitude 0
Y_MAX = 1.3173627591574133  # y at latitude 90°
HEIGHT = round(WIDTH * Y_MAX / X_MAX, 1)
# Shades from light to dark, each darker than the last; the legend says which
# range each stands for, and every figure is in the link's name and the table.
SHADES = ("#cfe3f5", "#8dbde6", "#4a90cf", "#1f5fa0", "#0b3566")
EMPTY = "#ececec"
BREAKS = (1, 3, 10, 30, 100)


def _project(lon: float, lat: float) -> tuple[int, int]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    # Whole units: one unit is one pixel at the map's full width, and the
    # path data (most of the page's weight) is a third shorter than with tenths.
    return (
        round((x + X_MAX) / (2 * X_MAX) * WIDTH),
        round((Y_MAX - y) / (2 * Y_MAX) * HEIGHT),
    )


def _geometry_path() -> Path:
    return Path(settings.BASE_DIR) / "static" / GEOMETRY


@lru_cache(maxsize=1)
def country_paths() -> dict[str, str]:
    """SVG path data per ISO 3166 alpha-2 code, projected once per process."""
    topology = json.loads(_geometry_path().read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(_project(x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes):
        points: list[tuple[int, int]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        kept = [points[0]] + [p for i, p in enumerate(points[1:], 1) if p != points[i - 1]]
        if len(kept) < 3:
            return ""
        return "M" + "L".join(f"{x},{y}" for x, y in kept) + "Z"

    paths = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        code = countries.alpha2(numeric) if numeric else ""
        if not code or code == "AQ":  # no code, or Antarctica: no partner there
            continue
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        paths[code] = "".join(ring(r) for polygon in polygons for r in polygon)
    return paths


def shade(count: int) -> str:
    if count <= 0:
        return EMPTY
    index = sum(1 for limit in BREAKS[1:] if count >= limit)
    return SHADES[index]


def legend() -> list[tuple[str, int, int | None]]:
    """(colour, from, to or None) for each shade, for the legend."""
    bounds = [*BREAKS[1:], None]
    return [
        (colour, low, (high - 1) if high else None)
        for colour, low, high in zip(SHADES, BREAKS, bounds, strict=True)
    ]


def world_map_svg(
    counts: dict[str, int],
    *,
    title: str,
    link: Callable[[str], str] | None,
    label: Callable[[str, int], str],
    css_class: str = "world-map",
    title_id: str = "world-map-title",
) -> SafeString:
    """The map as one ``<svg>`` element; countries with a count are links."""
    parts = [
        format_html(
            '<svg class="{}" viewBox="0 0 {} {}" aria-labelledby="{}"><title id="{}">{}</title>',
            css_class,
            f"{WIDTH:g}",
            f"{HEIGHT:g}",
            title_id,
            title_id,
            title,
        )
    ]
    background = []
    shaded = []
    for code, data in country_paths().items():
        count = counts.get(code, 0)
        if count <= 0:
            background.append(data)
            continue
        path = f'<path d="{data}" fill="{shade(count)}"/>'
        name = escape(label(code, count))
        if link is None:
            shaded.append(f"<g><title>{name}</title>{path}</g>")
        else:
            href = escape(link(code))
            shaded.append(f'<a href="{href}" aria-label="{name}"><title>{name}</title>{path}</a>')
    # Countries without partners are one path: a hundred fewer elements to lay out.
    empty = "".join(background)
    parts.append(f'<g class="map-empty" fill="{EMPTY}" aria-hidden="true"><path d="{empty}"/></g>')
    parts.append(f'<g class="map-shaded">{"".join(shaded)}</g></svg>')
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped

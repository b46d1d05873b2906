"""Bar charts drawn on the server as inline SVG: no chart script, no canvas.

Each chart has a title, axis labels and its figures written beside the bars in
the page's language (``number_format``). With two series the second is hatched
as well as coloured, and a legend names both, so that colour is never the only
difference. A chart is decorative for assistive technology only in the sense
that the page always follows it with the same data as a table: the SVG is
``role="img"`` named by its title, the table is the accessible reading.

All the bars of a series are one ``<path>``: a page of charts lays out and
paints a few elements instead of one per bar (the statistics page is measured
by Lighthouse on a phone).
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#1f5fa0", "#b34700")  # both at least 4.5:1 on white
TEXT = "#1a1a1a"
AXIS = "#595959"


def _n(value) -> str:
    return escape(number_format(value, force_grouping=True))


def _open(chart_id: str, title: str, width: float, height: float) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width:g} {height:g}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<defs><pattern id="{escape(chart_id)}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{COLOURS[1]}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>'
    ]


def _fill(chart_id: str, index: int) -> str:
    return COLOURS[0] if index == 0 else f"url(#{escape(chart_id)}-hatch)"


def _bars_path(chart_id: str, index: int, boxes: list[tuple[float, float, float, float]]) -> str:
    """One path drawing every (x, y, width, height) box of a series."""
    if not boxes:
        return ""
    data = "".join(f"M{x:.1f},{y:.1f}h{w:.1f}v{h:.1f}h{-w:.1f}Z" for x, y, w, h in boxes)
    return f'<path d="{data}" fill="{_fill(chart_id, index)}"/>'


def _legend(chart_id: str, series: list[tuple[str, list]], x: float, y: float) -> list[str]:
    parts = []
    if len(series) < 2:
        return parts
    for index, (name, _values) in enumerate(series):
        left = x + index * 220
        parts.append(
            f'<rect x="{left:g}" y="{y - 11:g}" width="14" height="14" '
            f'fill="{_fill(chart_id, index)}"/>'
            f'<text x="{left + 20:g}" y="{y:g}" fill="{TEXT}">{escape(name)}</text>'
        )
    return parts


def bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    value_axis: str,
) -> SafeString:
    """Horizontal bars, one group per category, for names that need room."""
    label_width, bar, gap, width = 260.0, 18.0, 10.0, 720.0
    group = bar * len(series) + gap
    top = 30.0 if len(series) > 1 else 10.0
    height = top + group * len(categories) + 40
    peak = max([max(values, default=0) for _name, values in series] + [1])
    scale = (width - label_width - 70) / peak
    parts = _open(chart_id, title, width, height)
    parts += _legend(chart_id, series, label_width, 16)
    boxes: list[list[tuple[float, float, float, float]]] = [[] for _series in series]
    for row, category in enumerate(categories):
        y = top + row * group
        parts.append(
            f'<text x="{label_width - 8:g}" y="{y + bar * len(series) / 2 + 5:g}" '
            f'text-anchor="end" fill="{TEXT}">{escape(category)}</text>'
        )
        for index, (_name, values) in enumerate(series):
            value = values[row]
            by = y + index * bar
            boxes[index].append((label_width, by, max(value * scale, 1), bar - 2))
            parts.append(
                f'<text x="{label_width + value * scale + 6:.1f}" y="{by + bar - 5:g}" '
                f'fill="{TEXT}">{_n(value)}</text>'
            )
    parts += [_bars_path(chart_id, index, series_boxes) for index, series_boxes in enumerate(boxes)]
    axis_y = top + group * len(categories)
    parts.append(
        f'<line x1="{label_width:g}" y1="{top - 4:g}" x2="{label_width:g}" y2="{axis_y:g}" '
        f'stroke="{AXIS}"/>'
        f'<text x="{label_width:g}" y="{axis_y + 24:g}" fill="{AXIS}">{escape(value_axis)}</text>'
        "</svg>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(
    *,
    chart_id: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    category_axis: str,
    value_axis: str,
) -> SafeString:
    """Vertical bars over a sequence such as years; labels thin out when many."""
    left, bottom, top, height = 60.0, 60.0, 40.0, 320.0
    slot = max(14.0, min(60.0, 900.0 / max(len(categories), 1)))
    width = left + slot * len(categories) + 20
    bar = (slot - 4) / max(len(series), 1)
    peak = max([max(values, default=0) for _name, values in series] + [1])
    scale = (height - top - bottom) / peak
    every = max(1, round(40 / slot))
    parts = _open(chart_id, title, width, height)
    parts += _legend(chart_id, series, left, 18)
    base = height - bottom
    boxes: list[list[tuple[float, float, float, float]]] = [[] for _series in series]
    for column, category in enumerate(categories):
        x = left + column * slot + 2
        for index, (_name, values) in enumerate(series):
            value = values[column]
            h = value * scale
            boxes[index].append((x + index * bar, base - h, bar - 1, max(h, 0.5)))
            if value and slot >= 28:
                parts.append(
                    f'<text x="{x + index * bar + bar / 2:.1f}" y="{base - h - 4:.1f}" '
                    f'text-anchor="middle" font-size="11" fill="{TEXT}">{_n(value)}</text>'
                )
        if column % every == 0:
            parts.append(
                f'<text x="{x + slot / 2 - 2:.1f}" y="{base + 16:g}" text-anchor="middle" '
                f'font-size="12" fill="{TEXT}">{escape(category)}</text>'
            )
    parts += [_bars_path(chart_id, index, series_boxes) for index, series_boxes in enumerate(boxes)]
    parts.append(
        f'<line x1="{left:g}" y1="{base:g}" x2="{width - 10:g}" y2="{base:g}" stroke="{AXIS}"/>'
        f'<text x="{left:g}" y="{height - 12:g}" fill="{AXIS}">{escape(category_axis)}</text>'
        f'<text x="12" y="{top - 8:g}" fill="{AXIS}">{escape(value_axis)}</text>'
        f'<text x="{left - 6:g}" y="{top + 4:g}" text-anchor="end" font-size="11" '
        f'fill="{AXIS}">{_n(peak)}</text>'
        "</svg>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped

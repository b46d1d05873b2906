import csv
import logging
import os

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from forums.selectors import event_list_upcoming
from foundation.public_cache import public_page
from partners.selectors import action_list_latest, partner_key_figures
from portal import calendar_feed, statistics
from portal.dashboard import dashboard_view
from portal.open_data import build as open_data

logger = logging.getLogger(__name__)


@require_safe
@public_page("partners", "actions", "events")
def home(request):
    context = {
        "figures": partner_key_figures(),
        "latest_actions": action_list_latest(limit=6),
        "upcoming_events": event_list_upcoming(limit=4),
        "map": statistics.partner_map(
            statistics.map_counts("headquarters"),
            mode="headquarters",
            title=statistics.map_title("headquarters"),
            css_class="world-map world-map-small",
        ),
    }
    return render(request, "portal/home.html", context)


# The pages the footer links to: one template each, the same for everyone.
ABOUT_PAGES = {
    "contact": "portal/about/contact.html",
    "privacy": "portal/about/privacy.html",
    "terms": "portal/about/terms.html",
    "accessibility": "portal/about/accessibility.html",
}


def _about(name):
    @require_safe
    def view(request):
        return render(request, ABOUT_PAGES[name], {"contact_email": settings.CONTACT_EMAIL})

    view.__name__ = f"about_{name}"
    return view


about_contact = _about("contact")
about_privacy = _about("privacy")
about_terms = _about("terms")
about_accessibility = _about("accessibility")


@never_cache
@require_GET
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        logger.exception("health check: database unreachable")
        checks["database"] = "error"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error"
    except Exception:  # noqa: BLE001
        logger.exception("health check: cache unreachable")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /fr/my/",
        "Disallow: /en/my/",
        "Disallow: /es/my/",
        "Disallow: /fr/accounts/",
        "Disallow: /en/accounts/",
        "Disallow: /es/accounts/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def dashboard(request):
    return dashboard_view(request)


@require_GET
@public_page("events", "hearings")
def all_events_feed(request):
    """Forums, CIONG sessions and hearings with Member States, in one calendar."""
    body = calendar_feed.all_events_ics(absolute_url=request.build_absolute_uri)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_safe
@public_page("partners", "events", "hearings")
def statistics_page(request):
    mode = request.GET.get("map", "")
    if mode not in statistics.MAP_MODES:
        mode = statistics.MAP_MODES[0]
    tables = statistics.statistics_tables()
    countries = next(table for table in tables if table.slug == "countries")
    column = 1 if mode == "headquarters" else 2
    counts = {code: row[column] for code, row in zip(countries.codes, countries.rows, strict=True)}
    context = {
        "tables": [table for table in tables if table.slug != "countries"],
        "countries": countries,
        "mode": mode,
        "map": statistics.partner_map(counts, mode=mode, title=statistics.map_title(mode)),
        "legend": statistics.map_legend(),
    }
    return render(request, "portal/statistics.html", context)


@require_safe
@public_page("partners", "events", "hearings")
def statistics_csv(request, table):
    found = statistics.table_by_slug(table)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{found.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(found.columns)
    writer.writerows(found.rows)
    return response


@require_safe
def open_data_page(request):
    """What the dump holds, its licence and freshness, read from its
    datapackage.json (no query: the page reads one small file, once per build)."""
    context = {
        "manifest": open_data.manifest(),
        "licence": open_data.LICENCE,
        "file_name": open_data.FILE_NAME,
    }
    return render(request, "portal/open_data.html", context)


@require_safe
def open_data_file(request):
    """The dump itself, as a static file with validators (a conditional
    request for an unchanged dump gets 304). The front server may serve the
    same file from OPEN_DATA_ROOT instead (docs/open-data.md)."""
    try:
        handle = open_data.dump_path().open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # The open file's own metadata: a rebuild renames a new file into place
    # and never changes this one.
    stat = os.fstat(handle.fileno())
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    last_modified = int(stat.st_mtime)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is not None:
        handle.close()
    else:
        response = FileResponse(
            handle, as_attachment=True, filename=open_data.FILE_NAME, content_type="application/zip"
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=600)
    return response

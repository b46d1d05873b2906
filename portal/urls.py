from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from forums import urls as forums_urls
from foundation.public_cache import public_page
from foundation.ratelimit import throttle
from partners.urls import curation_patterns, editor_patterns, report_patterns
from portal import views
from portal.sitemaps import SITEMAPS

app_patterns = (
    [
        path("", views.home, name="home"),
        path("my/", views.dashboard, name="dashboard"),
        path("about/contact/", views.about_contact, name="contact"),
        path("about/privacy/", views.about_privacy, name="privacy"),
        path("about/terms/", views.about_terms, name="terms"),
        path("about/accessibility/", views.about_accessibility, name="accessibility"),
        path("statistics/", views.statistics_page, name="statistics"),
        path("statistics/<slug:table>.csv", views.statistics_csv, name="statistics_csv"),
        path("open-data/", views.open_data_page, name="open_data"),
    ],
    "portal",
)

# The forums namespace, plus the all-events calendar that joins forums and
# dialogue (only the site's composition may read both).
forums_patterns = (
    [
        path("calendar.ics", throttle("calendar")(views.all_events_feed), name="feed"),
        *forums_urls.urlpatterns,
    ],
    "forums",
)

SITEMAP_CACHE = public_page("partners", "events", "working-groups", "hearings", "newsletters")

# allauth's refusals past its limits use the same page as the portal's.
handler429 = "foundation.ratelimit.too_many_requests"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        throttle("sitemap")(require_safe(SITEMAP_CACHE(sitemap))),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    # One file for every language, at a stable address (docs/open-data.md).
    path(
        "open-data/ngo-unesco-open-data.zip",
        throttle("export")(views.open_data_file),
        name="open_data_file",
    ),
    path("api/v1/", include(("portal.api_urls", "api"))),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include(app_patterns)),
    path("my/organisation/", include(editor_patterns)),
    path("my/secretariat/", include(curation_patterns)),
    path("my/reports/", include(report_patterns)),
    path("my/secretariat/delegates/", include("foundation.accounts.urls")),
    path("partners/", include("partners.urls")),
    path("partnership/", include("partners.lifecycle.urls")),
    path("working-groups/", include("forums.urls_working_groups")),
    path("forums/", include(forums_patterns)),
    path("elections/", include("forums.elections.urls")),
    path("dialogue/", include("dialogue.urls")),
    path("newsletters/", include("newsletter.urls")),
    # Before allauth's: the first authenticator of a Secretariat account needs
    # an emailed code as well as the password.
    path("accounts/", include("foundation.accounts.urls_enrolment")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

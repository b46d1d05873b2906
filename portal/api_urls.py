from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from dialogue.api import HearingViewSet
from forums.api import EventViewSet, WorkingGroupDocumentViewSet, WorkingGroupViewSet
from foundation.api_throttle import refuse_if_throttled
from foundation.public_cache import public_page
from newsletter.api import NewsletterViewSet
from partners.api import PartnerViewSet
from portal import api_statistics

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("partners", PartnerViewSet, basename="partner")
router.register("forums", EventViewSet, basename="forum")
router.register("working-groups", WorkingGroupViewSet, basename="working-group")
router.register(
    r"working-groups/(?P<group_slug>[-a-zA-Z0-9_]+)/documents",
    WorkingGroupDocumentViewSet,
    basename="working-group-document",
)
router.register("hearings", HearingViewSet, basename="hearing")
router.register("newsletters", NewsletterViewSet, basename="newsletter")

# What each list and item of the API reads, for the shared cache of anonymous
# answers (foundation/public_cache.py).
API_CACHE_NAMESPACES = {
    "partner": ("partners",),
    "forum": ("events", "partners"),
    "working-group": ("working-groups", "partners"),
    # As the group's public page, which lists the same published documents.
    "working-group-document": ("working-groups",),
    # As the public pages /<lang>/dialogue/ and /<lang>/newsletters/.
    "hearing": ("hearings", "partners", "events"),
    "newsletter": ("newsletters",),
}


def _cached(patterns):
    for pattern in patterns:
        basename = (pattern.name or "").rsplit("-", 1)[0]
        namespaces = API_CACHE_NAMESPACES.get(basename)
        if namespaces:
            pattern.callback = public_page(*namespaces, on_hit=refuse_if_throttled)(
                pattern.callback
            )
    return patterns


urlpatterns = [
    path("", include(_cached(router.urls))),
    path(
        "statistics/",
        public_page("partners", "events", "hearings", on_hit=refuse_if_throttled)(
            api_statistics.statistics
        ),
        name="statistics",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

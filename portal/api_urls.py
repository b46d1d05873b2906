from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from forums.api import EventViewSet, WorkingGroupViewSet
from partners.api import PartnerViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("partners", PartnerViewSet, basename="partner")
router.register("forums", EventViewSet, basename="forum")
router.register("working-groups", WorkingGroupViewSet, basename="working-group")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

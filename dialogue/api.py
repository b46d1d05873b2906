"""Read-only public API of hearings (/api/v1/hearings/): what /<lang>/dialogue/ shows.

Only accepted, scheduled and held hearings, through the public page's own
selectors (never the internal notes nor the requester), filtered by the page's
own filter set.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from dialogue import selectors
from dialogue.filters import HearingFilter
from dialogue.models import DialogueRequest, RequestFile
from foundation.api_pagination import PortalCursorPagination
from foundation.api_schema import FilterSetInSchema
from partners.api import SectorSerializer


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


class ParticipantSerializer(serializers.Serializer):
    slug = serializers.CharField(source="partner.slug")
    name = serializers.CharField(source="partner.name")


class OutcomeFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RequestFile
        fields = ["original_name", "content_type", "size", "url"]

    def get_url(self, file) -> str:
        return _absolute(self.context, file.get_absolute_url())


class HearingSerializer(serializers.ModelSerializer):
    countries = serializers.SerializerMethodField()
    sectors = SectorSerializer(many=True, read_only=True)
    event = serializers.SerializerMethodField()
    participants = ParticipantSerializer(source="selected_interests", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = DialogueRequest
        fields = [
            "id",
            "theme",
            "state",
            "format",
            "setting",
            "setting_detail",
            "executive_board_session",
            "countries",
            "sectors",
            "scheduled_at",
            "ends_at",
            "time_zone",
            "place",
            "online_link",
            "event",
            "occasion",
            "participants",
            "url",
        ]

    def get_countries(self, hearing) -> list[str]:
        # The requesting Member State first, then those that joined it.
        return [country.code for country in hearing.countries]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="The forum's slug."))
    def get_event(self, hearing) -> str | None:
        # An unpublished event is named nowhere in public, not even by its slug.
        event = hearing.event
        return event.slug if event is not None and event.published else None

    def get_url(self, hearing) -> str:
        return _absolute(self.context, hearing.get_absolute_url())


class HearingDetailSerializer(HearingSerializer):
    outcome_files = OutcomeFileSerializer(many=True, read_only=True)

    class Meta(HearingSerializer.Meta):
        fields = [
            *HearingSerializer.Meta.fields,
            "description",
            "expertise_sought",
            "summary",
            "follow_up",
            "outcome_files",
        ]


class HearingCursorPagination(PortalCursorPagination):
    # Newest requests first: `id` is unique and never null, which a cursor
    # needs (the page's date order is not: an accepted hearing has no date yet).
    ordering = "-id"


class HearingViewSet(viewsets.ReadOnlyModelViewSet):
    """Public hearings (accepted, scheduled, held), with the public page's `state` filter."""

    serializer_class = HearingSerializer
    filterset_class = HearingFilter
    filter_backends = [FilterSetInSchema]
    pagination_class = HearingCursorPagination
    lookup_value_regex = r"[0-9]{1,9}"
    queryset = DialogueRequest.objects.none()

    def get_serializer_class(self):
        return HearingDetailSerializer if self.action == "retrieve" else HearingSerializer

    def get_queryset(self):
        filterset = HearingFilter(
            self.request.query_params, queryset=selectors.hearing_list_public()
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs

    def get_object(self):
        hearing = selectors.hearing_get_public(pk=int(self.kwargs["pk"]))
        if hearing is None:
            raise Http404
        return hearing

"""Read-only public API: events (/api/v1/forums/), working groups with published
documents, and each group's published documents as a list of their own."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from forums import selectors
from forums.models import Document, DocumentFile, Event, ProgrammeItem, WorkingGroup
from foundation.api_pagination import PortalCursorPagination


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    partner = serializers.CharField(
        allow_null=True, help_text="The speaker's partner NGO (slug), when it is published."
    )


class ProgrammeItemSerializer(serializers.ModelSerializer):
    speakers = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeItem
        fields = [
            "day",
            "start_time",
            "end_time",
            "title",
            "description",
            "room",
            "kind",
            "interpretation",
            "speakers",
        ]

    @extend_schema_field(SpeakerSerializer(many=True))
    def get_speakers(self, item) -> list[dict]:
        return [
            {
                "name": s.name,
                "partner": s.partner.slug if s.partner_id and s.partner.published else None,
            }
            for s in item.speakers.all()
        ]


class EventSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    host_country = serializers.CharField(source="host_country.code")
    organisers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "kind",
            "title",
            "theme",
            "start_date",
            "end_date",
            "time_zone",
            "city",
            "country",
            "venue",
            "host_country",
            "state",
            "organisers",
            "url",
        ]

    def get_url(self, event) -> str:
        return _absolute(self.context, event.get_absolute_url())


class EventDetailSerializer(EventSerializer):
    programme = ProgrammeItemSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "programme"]


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Public International NGO Forums and CIONG sessions; the detail includes the programme."""

    lookup_field = "slug"
    queryset = Event.objects.none()

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def get_queryset(self):
        return selectors.event_list().order_by("-start_date", "pk")

    def get_object(self):
        event = selectors.event_get(slug=self.kwargs["slug"])
        if event is None or not event.published:
            raise Http404
        return event


class PublishedFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentFile
        fields = ["language", "original_name", "content_type", "size", "url"]

    def get_url(self, file) -> str:
        return _absolute(self.context, file.get_absolute_url())


class PublishedDocumentSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="published_version.number")
    files = PublishedFileSerializer(source="published_version.files", many=True)

    class Meta:
        model = Document
        fields = ["id", "kind", "title", "document_date", "published_at", "version", "files"]


class WorkingGroupSerializer(serializers.ModelSerializer):
    coordinating_partner = serializers.SerializerMethodField()
    documents = PublishedDocumentSerializer(source="published_documents", many=True)

    class Meta:
        model = WorkingGroup
        fields = [
            "slug",
            "name",
            "mandate",
            "created_on",
            "coordinating_partner",
            "is_active",
            "documents",
        ]

    def get_coordinating_partner(self, group) -> str | None:
        # An unpublished partner is not named, not even by its slug.
        partner = group.coordinating_partner
        return partner.slug if partner is not None and partner.published else None


class WorkingGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Working groups and their published documents only: drafts never appear here."""

    lookup_field = "slug"
    serializer_class = WorkingGroupSerializer
    queryset = WorkingGroup.objects.none()

    def get_queryset(self):
        published = (
            Document.objects.filter(published_version__isnull=False)
            .select_related("published_version")
            .prefetch_related(
                Prefetch(
                    "published_version__files",
                    queryset=DocumentFile.objects.select_related(
                        "version__document__working_group"
                    ).order_by("language"),
                )
            )
            .order_by("-published_at")
        )
        return (
            WorkingGroup.objects.select_related("coordinating_partner")
            .prefetch_related(
                Prefetch("documents", queryset=published, to_attr="published_documents")
            )
            .order_by("name", "pk")
        )


class GroupDocumentSerializer(PublishedDocumentSerializer):
    url = serializers.SerializerMethodField()

    class Meta(PublishedDocumentSerializer.Meta):
        fields = [*PublishedDocumentSerializer.Meta.fields, "url"]

    def get_url(self, document) -> str:
        return _absolute(self.context, document.get_absolute_url())


class GroupDocumentCursorPagination(PortalCursorPagination):
    # Newest published first; a published document always has its date.
    ordering = ("-published_at", "-pk")


class WorkingGroupDocumentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A working group's published documents, newest first, each with the
    published version's files (one per language): what the group's public page
    shows anyone. Drafts and earlier versions never appear."""

    serializer_class = GroupDocumentSerializer
    pagination_class = GroupDocumentCursorPagination
    queryset = Document.objects.none()

    def get_queryset(self):
        documents = selectors.document_list_published(group_slug=self.kwargs["group_slug"])
        if documents is None:
            raise Http404
        return documents

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from foundation.api_pagination import PageOrCursorPagination
from foundation.api_schema import FilterSetInSchema
from partners.filters import PartnerFilter
from partners.models import Contact, Delegate, Partner, Sector, StatusChange
from partners.selectors import partner_directory, partner_get_public


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]


class PublicContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["name", "title", "email"]


class DelegateSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Delegate
        fields = ["country", "name"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["kind", "status", "decided_on", "decided_by", "reference"]


class PartnerSerializer(serializers.ModelSerializer):
    latest_decision = serializers.SerializerMethodField()
    sectors = SectorSerializer(many=True, read_only=True)
    country = serializers.CharField(source="country.code")
    region = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "status",
            "standing",
            "since",
            "latest_decision",
            "sectors",
            "city",
            "country",
            "region",
            "website",
            "founding_year",
            "url",
        ]

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_latest_decision(self, partner) -> dict | None:
        # `timeline` is prefetched in decision order by the selectors.
        timeline = getattr(partner, "timeline", None) or []
        return DecisionSerializer(timeline[-1]).data if timeline else None

    def get_url(self, partner) -> str:
        request = self.context.get("request")
        url = partner.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class PartnerDetailSerializer(PartnerSerializer):
    contacts = PublicContactSerializer(many=True, read_only=True)
    delegates = DelegateSerializer(many=True, read_only=True)

    class Meta(PartnerSerializer.Meta):
        fields = [*PartnerSerializer.Meta.fields, "mission", "contacts", "delegates"]


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Published partner NGOs, with the directory's filters (q, sector, status, country, region).

    Paged by page numbers in the directory's order, or with `paging=cursor` by
    a cursor in slug order (docs/api.md)."""

    lookup_field = "slug"
    # The slug is unique and never null: a cursor's order.
    pagination_class = PageOrCursorPagination
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    filter_backends = [FilterSetInSchema]
    queryset = Partner.objects.none()

    def get_serializer_class(self):
        return PartnerDetailSerializer if self.action == "retrieve" else PartnerSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return Partner.objects.filter(published=True)
        filterset, partners = partner_directory(
            params=self.request.query_params, language=get_language()
        )
        if filterset.errors:
            raise ValidationError(filterset.errors)
        return partners.prefetch_related(
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.order_by("decided_on", "created_at", "pk"),
                to_attr="timeline",
            )
        )

    def get_object(self):
        partner = partner_get_public(slug=self.kwargs["slug"])
        if partner is None:
            raise Http404
        return partner

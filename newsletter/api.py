"""Read-only public API of the newsletter archive (/api/v1/newsletters/).

Published issues only (the archive's selector), each with its page and its PDF
in every language; the detail adds the issue's sections in the request's
language, as the archive page shows them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from foundation.api_pagination import PortalCursorPagination
from newsletter import permissions, selectors, services
from newsletter.models import Issue

MONTH_PATTERN = r"[0-9]{4}-(?:0[1-9]|1[0-2])"


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


class PdfSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    url = serializers.URLField()


class EntrySerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    meta = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    entries = EntrySerializer(many=True)
    more = serializers.IntegerField(help_text="Entries left out of the letter for length.")


class IssueSerializer(serializers.ModelSerializer):
    month = serializers.CharField(source="slug", help_text="The month covered, YYYY-MM.")
    url = serializers.SerializerMethodField()
    pdfs = serializers.SerializerMethodField()

    class Meta:
        model = Issue
        fields = ["month", "status", "editorial_note", "approved_at", "sent_at", "url", "pdfs"]

    def get_url(self, issue) -> str:
        return _absolute(self.context, issue.get_absolute_url())

    @staticmethod
    def _pdf_url(issue, language: str) -> str:
        # The PDF's language is the URL's language prefix.
        with translation.override(language):
            return reverse("newsletter:issue_pdf", kwargs={"month": issue.slug})

    @extend_schema_field(PdfSerializer(many=True))
    def get_pdfs(self, issue) -> list[dict]:
        return [
            {"language": language, "url": _absolute(self.context, self._pdf_url(issue, language))}
            for language in services.LANGUAGES
        ]


class IssueDetailSerializer(IssueSerializer):
    sections = serializers.SerializerMethodField()

    class Meta(IssueSerializer.Meta):
        fields = [*IssueSerializer.Meta.fields, "sections"]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, issue) -> list[dict]:
        return SectionSerializer(selectors.issue_content(issue=issue), many=True).data


class IssueCursorPagination(PortalCursorPagination):
    # One issue per month: the month is unique and never null.
    ordering = "-month"


class NewsletterViewSet(viewsets.ReadOnlyModelViewSet):
    """The newsletter archive: published monthly issues, newest first."""

    lookup_field = "month"
    lookup_value_regex = MONTH_PATTERN
    pagination_class = IssueCursorPagination
    queryset = Issue.objects.none()

    def get_serializer_class(self):
        return IssueDetailSerializer if self.action == "retrieve" else IssueSerializer

    def get_queryset(self):
        return selectors.issue_list_public()

    def get_object(self):
        try:
            month = services.parse_month(self.kwargs["month"])
        except DjangoValidationError:
            raise Http404 from None
        issue = selectors.issue_get_public(month=month)
        if issue is None or not permissions.can_read_issue(None, issue):
            raise Http404
        return issue

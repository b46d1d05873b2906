"""Secretariat curation.

Working-group files are uploaded through the portal's forms only; an event's
outcome documents may also be added here, through the same checks.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from forums import permissions
from forums.models import (
    CommitteeTerm,
    Document,
    DocumentComment,
    DocumentFile,
    DocumentVersion,
    Event,
    EventDocument,
    Meeting,
    ProgrammeItem,
    Recommendation,
    RecommendationUpdate,
    Registration,
    Speaker,
    Topic,
    WorkingGroup,
    WorkingGroupGuest,
    WorkingGroupMembership,
)
from forums.services import event_document_attach_file
from foundation import uploads
from foundation.accounts.admin_mixins import ReauthenticatedChangesMixin
from foundation.languages import localized_field_names

FILE_FIELDS = ["original_name", "content_type", "size", "sha256", "stored_name", "uploaded_at"]


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "chair", "chair_person", "chair_account"]
    filter_horizontal = ["members"]
    autocomplete_fields = ["chair"]
    raw_id_fields = ["chair_account"]


class TopicInline(TranslationTabularInline):
    model = Topic
    extra = 0


class GuestInline(admin.TabularInline):
    model = WorkingGroupGuest
    extra = 0


class MembershipInline(admin.TabularInline):
    model = WorkingGroupMembership
    extra = 0
    autocomplete_fields = ["user", "partner"]


class MeetingInline(admin.StackedInline):
    model = Meeting
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ReauthenticatedChangesMixin, TranslationAdmin):
    """Its memberships inline grant working-group rights: saves need a fresh sign-in."""

    list_display = ["name", "coordinating_partner", "created_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = [*localized_field_names("name"), "slug"]
    filter_horizontal = ["member_partners"]
    autocomplete_fields = ["coordinating_partner"]
    inlines = [TopicInline, GuestInline, MembershipInline, MeetingInline]


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    fields = ["language", *FILE_FIELDS]
    readonly_fields = FILE_FIELDS
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "created_at"]
    readonly_fields = ["document", "number", "created_by"]
    inlines = [DocumentFileInline]


class CommentInline(admin.TabularInline):
    model = DocumentComment
    extra = 0
    readonly_fields = ["author", "version", "created_at"]


@admin.register(Document)
class DocumentAdmin(ReauthenticatedChangesMixin, TranslationAdmin):
    list_display = ["title", "working_group", "kind", "state", "published_at"]
    list_filter = ["state", "kind", "working_group"]
    search_fields = localized_field_names("title")
    # State changes go through forums.services (publish/return) so that the
    # published version, dates and notifications never disagree.
    readonly_fields = ["state", "published_version", "published_at", "published_by", "created_by"]
    inlines = [CommentInline]


class ProgrammeItemInline(TranslationTabularInline):
    model = ProgrammeItem
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(TranslationAdmin):
    list_display = ["event", "day", "start_time", "end_time", "title", "room", "kind"]
    list_filter = ["event", "kind"]
    inlines = [SpeakerInline]


class RecommendationUpdateInline(TranslationTabularInline):
    model = RecommendationUpdate
    extra = 0


@admin.register(Recommendation)
class RecommendationAdmin(TranslationAdmin):
    list_display = ["event", "number", "status"]
    list_filter = ["status", "event"]
    filter_horizontal = ["sectors"]
    inlines = [RecommendationUpdateInline]


class EventDocumentAdminForm(forms.ModelForm):
    """A row of outcome documents: its file goes through foundation.uploads like the page."""

    file = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = EventDocument
        fields = ["title", "language", "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new row needs a file; an existing one keeps its own unless replaced.
        self.fields["file"].required = self.instance.pk is None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            uploads.check_upload(upload)
        return upload

    def save(self, commit=True):
        document = super().save(commit=False)
        if self.cleaned_data.get("file"):
            event_document_attach_file(document=document, upload=self.cleaned_data["file"])
        if commit:
            document.save()
        return document


class EventDocumentInline(TranslationTabularInline):
    model = EventDocument
    form = EventDocumentAdminForm
    extra = 0
    fields = ["title", "language", "published", "file", *FILE_FIELDS]
    readonly_fields = FILE_FIELDS
    # The model's own (non-editable) `file` is set by the service, never from
    # the form: the form field of that name only carries the upload.
    exclude = ["file"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "kind", "start_date", "city", "state", "published"]
    list_filter = ["kind", "state", "published"]
    search_fields = [*localized_field_names("title"), "slug", "city"]
    filter_horizontal = ["organisers"]
    inlines = [ProgrammeItemInline, EventDocumentInline]

    def get_readonly_fields(self, request, obj=None):
        # Publication and state are the Secretariat's final say, in the admin too.
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.can_change_event_status(request.user, obj):
            fields += ["state", "published"]
        return fields


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "partner", "event", "is_voting_delegate", "created_at"]
    list_filter = ["event", "is_voting_delegate"]
    search_fields = ["full_name", "email"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["registered_by"]


# Elections keep their admin beside them.
from forums.elections import admin as _elections_admin  # noqa: E402, F401

# Issue 19: the Secretariat opens calls for proposals and registration types here.
from forums.models import CallForProposals, RegistrationType  # noqa: E402


@admin.register(CallForProposals)
class CallForProposalsAdmin(TranslationAdmin):
    list_display = ["event", "opens_on", "closes_on", "open_to_others", "anonymous_review"]
    autocomplete_fields = ["event"]


@admin.register(RegistrationType)
class RegistrationTypeAdmin(TranslationAdmin):
    list_display = ["name", "event", "kind", "capacity", "opens_on", "closes_on"]
    list_filter = ["kind"]
    autocomplete_fields = ["event"]

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forums.models.files import StoredFile
from foundation.validators import validate_single_line
from partners.models import Partner


class CommitteeTerm(models.Model):
    """The NGO–UNESCO Liaison Committee for one term: its member NGOs and chair."""

    start_date = models.DateField(_("term starts"))
    end_date = models.DateField(_("term ends"))
    members = models.ManyToManyField(
        Partner, related_name="committee_terms", blank=True, verbose_name=_("member NGOs")
    )
    chair = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_terms",
        verbose_name=_("chair NGO"),
    )
    chair_person = models.CharField(
        _("chairperson"), max_length=200, blank=True, validators=[validate_single_line]
    )
    # The Chair sits in a personal capacity: their own account, not their NGO's
    # editors, co-organises the Committee's forums and sessions.
    chair_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_committee_terms",
        verbose_name=_("chairperson's account"),
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("Liaison Committee term")
        verbose_name_plural = _("Liaison Committee terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="committee_term_ends_after"
            ),
        ]

    def __str__(self):
        return f"{self.start_date.year}–{self.end_date.year}"


class WorkingGroup(models.Model):
    """A working group of the Liaison Committee."""

    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    mandate = models.TextField(_("mandate"), blank=True)
    created_on = models.DateField(_("created on"))
    coordinating_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_groups",
        verbose_name=_("coordinating NGO"),
    )
    coordinator_name = models.CharField(
        _("coordinator"), max_length=200, blank=True, validators=[validate_single_line]
    )
    member_partners = models.ManyToManyField(
        Partner, related_name="working_groups", blank=True, verbose_name=_("member NGOs")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [models.CheckConstraint(condition=~Q(slug=""), name="wg_slug_not_empty")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("working_groups:detail", kwargs={"slug": self.slug})


class WorkingGroupGuest(models.Model):
    """A named member of a group that is not a partner NGO."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="guests")
    organisation = models.CharField(
        _("organisation"), max_length=255, validators=[validate_single_line]
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["organisation"]
        verbose_name = _("non-partner member")
        verbose_name_plural = _("non-partner members")

    def __str__(self):
        return self.organisation


class WorkingGroupMembership(models.Model):
    """A person who takes part in a group's work and manages its meetings and documents.

    Editors of member NGOs may read the group's internal documents; only the
    people listed here (and the Secretariat) manage them.
    """

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_group_memberships"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["working_group", "user"], name="wg_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.working_group}"


class Topic(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PLANNED)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.title


class Meeting(models.Model):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(
        _("place"), max_length=255, blank=True, validators=[validate_single_line]
    )
    online = models.BooleanField(_("online"), default=False)
    agenda = models.TextField(_("agenda"), blank=True)
    # Minutes are internal working notes: members and the Secretariat only.
    # Minutes meant for the public go through a document of kind "minutes".
    minutes = models.TextField(_("minutes (internal)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(place=""), name="meeting_has_place_or_online"
            ),
        ]

    def __str__(self):
        return f"{self.working_group} – {self.date}"


class Document(models.Model):
    """A guide, proposal, report or minutes, with numbered versions.

    `state` is the workflow of the latest version. `published_version` is
    what the public sees: a new draft after publication does not hide it.
    """

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        PROPOSAL = "proposal", _("Proposal")
        REPORT = "report", _("Report")
        MINUTES = "minutes", _("Minutes")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Under Secretariat review")
        PUBLISHED = "published", _("Published")

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    summary = models.TextField(_("summary"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    published_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-document_date", "-created_at"]
        verbose_name = _("working-group document")
        verbose_name_plural = _("working-group documents")
        indexes = [models.Index(fields=["published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_version__isnull=True) | Q(published_at__isnull=False),
                name="document_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "working_groups:document",
            kwargs={"slug": self.working_group.slug, "pk": self.pk},
        )

    @property
    def is_public(self) -> bool:
        return self.published_version_id is not None


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(
        _("what changed"), max_length=500, blank=True, validators=[validate_single_line]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="doc_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="doc_version_positive"),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"


class DocumentFile(StoredFile):
    """One language's file of a document version."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)

    class Meta:
        ordering = ["language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="doc_file_one_per_lang"),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "working_groups:file",
            kwargs={"slug": self.version.document.working_group.slug, "file_id": self.public_id},
        )


class DocumentComment(models.Model):
    """A Secretariat comment on a document, seen by the group and the Secretariat."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Secretariat comment")
        verbose_name_plural = _("Secretariat comments")

    def __str__(self):
        return self.text[:60]

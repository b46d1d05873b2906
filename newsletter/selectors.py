"""Reads for the newsletter: an issue's content, its recipients, its progress.

The content comes from three apps through their selectors. Each item is
turned into a plain entry here (title, link, one line of facts, text), so
that the letter's templates, HTML and PDF, know nothing of the other apps'
models.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue.models import DialogueRequest
from dialogue.selectors import hearing_list_public_between
from forums.models import Document, Event, Registration
from forums.selectors import committee_current, document_list_published_between, event_list_between
from foundation import display
from foundation.accounts.models import DelegateProfile
from foundation.links import site_url
from foundation.mail import outbox
from foundation.mail.models import REVIEW_KINDS, Bounce, Email, Suppression
from newsletter.models import Delivery, Issue, Mailing, Subscriber
from partners.models import Action, Contact, Partner, PartnerEditor, StatusChange
from partners.regions import countries_in
from partners.selectors import action_list_public, partner_list_public

# Enough for any real month; a flood of actions is cut, with a link to the site.
SECTION_LIMIT = 60
UPCOMING_MONTHS = 3


@dataclass
class Entry:
    title: str
    url: str = ""
    meta: str = ""
    text: str = ""


SECTION_TITLES = {
    "admissions": _("New partners"),
    "status_changes": _("Partnership status decisions"),
    "ends": _("Partnerships that ended"),
    "actions": _("Actions reported by partners"),
    "events": _("Forums and conference sessions in the next three months"),
    "documents": _("Working-group documents published"),
    "hearings": _("Hearings with Member States"),
}


@dataclass
class Section:
    key: str
    entries: list[Entry] = field(default_factory=list)
    more: int = 0

    @property
    def title(self) -> str:
        return str(SECTION_TITLES[self.key])


def _date(value: datetime.date) -> str:
    # The site's own date filter, so that the letter writes "1er juin" as the pages do.
    if isinstance(value, datetime.datetime):
        return display.date(timezone.localtime(value), "DATETIME_FORMAT")
    return display.date(value)


def _span(start: datetime.date | None, end: datetime.date | None) -> str:
    """'2 March 2025 – 4 March 2025', or the one date there is."""
    return " – ".join(_date(day) for day in dict.fromkeys((start, end)) if day)


def _month_after(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    return datetime.date(day.year + month_index // 12, month_index % 12 + 1, 1)


def issue_get(*, month: datetime.date) -> Issue | None:
    return Issue.objects.filter(month=month).first()


def issue_list_public() -> QuerySet[Issue]:
    return Issue.objects.exclude(status=Issue.Status.DRAFT).order_by("-month")


def issue_get_public(*, month: datetime.date) -> Issue | None:
    return issue_list_public().filter(month=month).first()


def issue_list_manage() -> QuerySet[Issue]:
    return Issue.objects.annotate(**_count_annotations()).order_by("-month")


def _count_annotations() -> dict:
    return {
        "sent_count": Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        "pending_count": Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
        "failed_count": Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        "skipped_count": Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SKIPPED)),
    }


def issue_progress(*, issue: Issue) -> dict:
    """Counts by delivery status, in one query."""
    counts = Delivery.objects.filter(issue=issue).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        unconfirmed=Count("pk", filter=Q(status=Delivery.Status.SENT, accepted_at=None)),
        pending=Count("pk", filter=Q(status=Delivery.Status.PENDING)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        skipped=Count("pk", filter=Q(status=Delivery.Status.SKIPPED)),
    )
    return counts


def delivery_list(*, issue: Issue, status: str = "") -> QuerySet[Delivery]:
    queryset = Delivery.objects.filter(issue=issue).order_by("email")
    if status in Delivery.Status.values:
        queryset = queryset.filter(status=status)
    return queryset


def issue_content(*, issue: Issue) -> list[Section]:
    """The sections of an issue in the active language; empty ones are left out.

    Call under translation.override(language): names and titles come from
    the translated fields.
    """
    start, end = issue.period
    first_upcoming = end + datetime.timedelta(days=1)
    last_upcoming = _month_after(first_upcoming, UPCOMING_MONTHS) - datetime.timedelta(days=1)
    sections = [
        _section("admissions", _admitted(start, end), _admission_entry),
        _section("status_changes", _decisions(start, end, LATER_DECISIONS), _decision_entry),
        _section("ends", _decisions(start, end, (StatusChange.Kind.TERMINATION,)), _decision_entry),
        _section("actions", _actions_reported(start, end), _action_entry),
        _section(
            "events", event_list_between(start=first_upcoming, end=last_upcoming), _event_entry
        ),
        _section(
            "documents", document_list_published_between(start=start, end=end), _document_entry
        ),
        _section("hearings", hearing_list_public_between(start=start, end=end), _hearing_entry),
    ]
    return [section for section in sections if section.entries]


def _section(key: str, rows, entry) -> Section:
    """The first SECTION_LIMIT rows as entries, and how many more there are.

    `rows` is a queryset (counted only when the section is full) or a list.
    """
    first = list(rows[:SECTION_LIMIT])
    if len(first) < SECTION_LIMIT:
        total = len(first)
    else:
        total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    return Section(key=key, entries=[entry(row) for row in first], more=total - len(first))


def _partner_meta(partner: Partner) -> str:
    parts = [partner.get_status_display(), partner.country.name]
    return " · ".join(str(part) for part in parts if part)


def _admitted(start, end) -> QuerySet[Partner]:
    # `since` is the first admission, which later decisions never move.
    return partner_list_public().filter(since__range=(start, end)).order_by("name", "pk")


def _admission_entry(partner: Partner) -> Entry:
    return Entry(
        title=str(partner),
        url=site_url(partner.get_absolute_url()),
        meta=f"{_partner_meta(partner)} · {_date(partner.since)}",
        text=partner.mission,
    )


# The decisions listed as such; admissions and ends have sections of their own.
LATER_DECISIONS = (
    StatusChange.Kind.STATUS_CHANGE,
    StatusChange.Kind.RENEWAL,
    StatusChange.Kind.SUSPENSION,
    StatusChange.Kind.REINSTATEMENT,
)


def _decisions(start, end, kinds) -> QuerySet[StatusChange]:
    return (
        StatusChange.objects.filter(
            decided_on__range=(start, end), partner__published=True, kind__in=kinds
        )
        .select_related("partner")
        .order_by("decided_on", "pk")
    )


def _decision_entry(change: StatusChange) -> Entry:
    meta = " · ".join(
        part
        for part in (
            str(change.get_kind_display()),
            str(change.get_status_display()),
            _date(change.decided_on),
            change.reference,
        )
        if part
    )
    return Entry(
        title=str(change.partner), url=site_url(change.partner.get_absolute_url()), meta=meta
    )


def _actions_reported(start, end):
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    end_at = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    return (
        action_list_public()
        .filter(created_at__range=(start_at, end_at))
        .select_related("partner")
        .order_by("created_at", "pk")
    )


def _action_entry(action: Action) -> Entry:
    countries = ", ".join(str(country.name) for country in action.countries)
    parts = (str(action.partner), _span(action.start_date, action.end_date), countries)
    meta = " · ".join(part for part in parts if part)
    return Entry(title=action.title, url=action.link, meta=meta, text=action.text)


def _event_entry(event: Event) -> Entry:
    parts = (_span(event.start_date, event.end_date), event.city)
    meta = " · ".join(part for part in parts if part)
    return Entry(title=event.title, url=site_url(event.get_absolute_url()), meta=meta)


def _document_entry(document: Document) -> Entry:
    # Only published documents reach the letter, and they all have a date;
    # the day is news, the hour of publication is not.
    published_on = timezone.localdate(document.published_at)
    meta = f"{document.working_group.name} · {_date(published_on)}"
    return Entry(title=document.title, url=site_url(document.get_absolute_url()), meta=meta)


def _hearing_entry(hearing: DialogueRequest) -> Entry:
    countries = ", ".join(str(country.name) for country in hearing.countries)
    parts = (str(hearing.get_state_display()), _date(hearing.scheduled_at), countries)
    meta = " · ".join(part for part in parts if part)
    return Entry(title=hearing.theme, url=site_url(hearing.get_absolute_url()), meta=meta)


def recipient_iter():
    """(email, language) for every address that receives the newsletter, once each.

    Contacts of published partners with the opt-in, and visitors who
    confirmed their subscription, minus every address that unsubscribed. An
    address is compared lower-cased; its language is the one the person chose
    on the preferences page, else that of its oldest contact record.
    """
    choices = {
        row["email"]: row
        for row in Subscriber.objects.values(
            "email", "language", "subscribed_on_site", "confirmed_at", "unsubscribed_at"
        ).iterator(chunk_size=2000)
    }
    # Suppressed addresses (bounces) are left out here and skipped at sending.
    seen: set[str] = set(outbox.suppressed_addresses().values_list("email", flat=True))
    contacts = (
        Contact.objects.filter(newsletter_opt_in=True, partner__published=True)
        .order_by("pk")
        .values_list("email", "preferred_language")
    )
    for email, language in contacts.iterator(chunk_size=2000):
        address = email.strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        choice = choices.get(address)
        if choice and choice["unsubscribed_at"]:
            continue
        yield address, (choice and choice["language"]) or language or settings.LANGUAGE_CODE
    for address, choice in choices.items():
        if address in seen or choice["unsubscribed_at"] or not choice["subscribed_on_site"]:
            continue
        if choice["confirmed_at"] is None:
            continue
        seen.add(address)
        yield address, choice["language"] or settings.LANGUAGE_CODE


def recipient_counts() -> dict:
    """How many addresses an issue approved now would go to, in total and by
    language: {"total": n, "by_language": [(code, n), ...]} in the configured
    languages' order (what the Secretariat confirms before sending)."""
    by_language = dict.fromkeys((code for code, _name in settings.LANGUAGES), 0)
    for _address, language in recipient_iter():
        by_language[language] = by_language.get(language, 0) + 1
    return {"total": sum(by_language.values()), "by_language": list(by_language.items())}


# Audiences of one-off mailings ------------------------------------------------------

PREVIEW_SIZE = 20


def _sector_ids(mailing: Mailing) -> set[int]:
    # An unsaved mailing (the live count of the form) carries its sectors itself.
    if getattr(mailing, "_sector_ids", None) is not None:
        return set(mailing._sector_ids)
    return set(mailing.sectors.values_list("pk", flat=True)) if mailing.pk else set()


def _contacts(mailing: Mailing):
    partners = Partner.objects.filter(published=True)
    if mailing.partner_status:
        partners = partners.filter(status=mailing.partner_status)
    if mailing.country:
        partners = partners.filter(country=mailing.country)
    elif mailing.region:
        partners = partners.filter(country__in=countries_in(mailing.region))
    sector_ids = _sector_ids(mailing)
    if sector_ids:
        partners = partners.filter(sectors__in=sector_ids)
    return (
        Contact.objects.filter(partner__in=partners.values("pk"))
        .order_by("pk")
        .values_list("email", "preferred_language")
    )


def _users(queryset):
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=queryset)
        .order_by("pk")
        .values_list("email", "preferred_language")
    )


def _audience_rows(mailing: Mailing):
    """(email, language) rows of an audience before the personal rules, duplicates included."""
    audience = mailing.audience
    if audience == Mailing.Audience.SUBSCRIBERS:
        return recipient_iter()
    if audience == Mailing.Audience.PARTNER_CONTACTS:
        return _contacts(mailing).iterator(chunk_size=2000)
    if audience == Mailing.Audience.EDITORS:
        editors = PartnerEditor.objects.filter(partner__published=True).values("user_id")
        return _users(editors).iterator(chunk_size=2000)
    if audience == Mailing.Audience.LIAISON:
        term = committee_current()
        if term is None:
            return iter(())
        members = term.members.values("pk")
        contacts = Contact.objects.filter(partner__in=members).values_list(
            "email", "preferred_language"
        )
        editors = _users(PartnerEditor.objects.filter(partner__in=members).values("user_id"))
        return (row for rows in (contacts.order_by("pk"), editors) for row in rows.iterator())
    if audience == Mailing.Audience.DELEGATES:
        verified = DelegateProfile.objects.filter(verified_at__isnull=False).values("user_id")
        return _users(verified).iterator(chunk_size=2000)
    if audience == Mailing.Audience.EVENT and mailing.event_id:
        registrations = (
            Registration.objects.filter(event_id=mailing.event_id)
            .order_by("pk")
            .values_list("email", flat=True)
        )
        return ((email, "") for email in registrations.iterator(chunk_size=2000))
    return iter(())


def newsletter_addresses() -> set[str]:
    """Every address that receives the newsletter (opted in, not unsubscribed, not suppressed)."""
    return {address for address, _language in recipient_iter()}


def audience_iter(*, mailing: Mailing, opted_in: set[str] | None = None):
    """(email, language) of everyone a mailing goes to, once each.

    The rule users can read (docs/newsletter.md): every audience reaches only
    addresses that receive the newsletter (the opt-in of a partner's contact,
    or a confirmed subscription), with the person's topics and language; no
    unsubscribed address, no suppressed one. An official notice to partners
    (Mailing.reaches_without_opt_in) reaches its audience without the opt-in
    and whatever the topics; unsubscribed and suppressed addresses are still
    left out, and the language chosen still wins. `opted_in`: the newsletter's
    addresses, if the caller has them already.
    """
    choices = {
        row["email"]: row
        for row in Subscriber.objects.values("pk", "email", "language", "unsubscribed_at")
    }
    excluded = set(outbox.suppressed_addresses().values_list("email", flat=True))
    notice = mailing.reaches_without_opt_in
    if not notice and mailing.audience != Mailing.Audience.SUBSCRIBERS and opted_in is None:
        opted_in = newsletter_addresses()
    sector_ids = set() if notice else _sector_ids(mailing)
    if sector_ids:
        topics: dict[int, set[int]] = {}
        for subscriber_id, sector_id in Subscriber.topics.through.objects.values_list(
            "subscriber_id", "sector_id"
        ):
            topics.setdefault(subscriber_id, set()).add(sector_id)
    seen: set[str] = set()
    for email, language in _audience_rows(mailing):
        address = (email or "").strip().lower()
        if not address or address in seen or address in excluded:
            continue
        seen.add(address)
        choice = choices.get(address)
        if choice and choice["unsubscribed_at"]:
            continue
        if not notice and opted_in is not None and address not in opted_in:
            continue
        if (
            sector_ids
            and choice
            and topics.get(choice["pk"])
            and not topics[choice["pk"]] & sector_ids
        ):
            continue
        language = (choice and choice["language"]) or language
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        yield address, language


def audience_summary(*, mailing: Mailing, preview: int = PREVIEW_SIZE) -> dict:
    """The live count of an audience and its first recipients (Secretariat only).

    For an official notice, also how many of them did not opt in to the
    newsletter (they receive it only because it is a notice).
    """
    count, first = 0, []
    by_language: dict[str, int] = {}
    notice = mailing.reaches_without_opt_in
    opted_in = newsletter_addresses()
    without_opt_in = 0
    for address, language in audience_iter(mailing=mailing, opted_in=opted_in):
        count += 1
        by_language[language] = by_language.get(language, 0) + 1
        if notice and address not in opted_in:
            without_opt_in += 1
        if len(first) < preview:
            first.append((address, language))
    return {
        "count": count,
        "preview": first,
        "by_language": by_language,
        "official_notice": notice,
        "without_opt_in": without_opt_in,
    }


def mailing_list_manage() -> QuerySet[Mailing]:
    return Mailing.objects.annotate(**_count_annotations()).order_by("-created_at", "-pk")


def mailing_list_public() -> QuerySet[Mailing]:
    return Mailing.objects.filter(public=True).exclude(status=Mailing.Status.DRAFT)


def mailing_progress(*, mailing: Mailing) -> dict:
    return Delivery.objects.filter(mailing=mailing).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        unconfirmed=Count("pk", filter=Q(status=Delivery.Status.SENT, accepted_at=None)),
        pending=Count("pk", filter=Q(status=Delivery.Status.PENDING)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        skipped=Count("pk", filter=Q(status=Delivery.Status.SKIPPED)),
    )


def suppression_list(*, query: str = ""):

    suppressions = Suppression.objects.filter(lifted_at__isnull=True).order_by("-bounced_at")
    if query:
        suppressions = suppressions.filter(email__icontains=query)
    return suppressions


def subscriber_state(*, email: str) -> dict:
    """What the preferences page shows for an address."""
    address = email.lower()
    subscriber = Subscriber.objects.filter(email=address).first()
    contact_language = (
        Contact.objects.filter(email__iexact=address, newsletter_opt_in=True)
        .order_by("pk")
        .values_list("preferred_language", flat=True)
        .first()
    )
    subscribed = False
    if subscriber is not None and subscriber.unsubscribed_at is None:
        subscribed = bool(contact_language) or subscriber.confirmed_at is not None
    elif subscriber is None:
        subscribed = bool(contact_language)
    language = (subscriber and subscriber.language) or contact_language or settings.LANGUAGE_CODE
    topics = list(subscriber.topics.values_list("pk", flat=True)) if subscriber else []
    return {"email": address, "subscribed": subscribed, "language": language, "topics": topics}


# Bounce-mailbox messages left for a person ----------------------------------------------

REVIEW_STATES = ("open", "handled", "all")


def bounce_review_list(*, state: str = "open") -> QuerySet[Bounce]:
    """Automatic replies and unknown messages of the bounce mailbox, newest first.

    open: not handled yet; handled: marked handled or classified by hand
    (those keep their new kind); all: both.
    """
    reviewed = Bounce.objects.filter(Q(kind__in=REVIEW_KINDS) | ~Q(classified_by=""))
    if state == "open":
        reviewed = reviewed.filter(kind__in=REVIEW_KINDS, handled_at__isnull=True)
    elif state == "handled":
        reviewed = reviewed.filter(handled_at__isnull=False)
    return reviewed.order_by("-received_at", "-pk")


def bounce_review_get(*, pk: int) -> Bounce | None:
    return bounce_review_list(state="all").filter(pk=pk).first()


@dataclass
class Concern:
    """What a message left for review seems to be about."""

    address: str = ""
    # "delivery": the signed return path named a newsletter or outbox delivery;
    # "sender": no return path, the person who wrote (an out-of-office) is the guess.
    source: str = ""
    what: str = ""


def _reference(reference: str) -> tuple[str, int] | None:
    prefix, digits = reference[:1], reference[1:]
    if prefix in ("n", "m") and digits.isdigit() and len(digits) <= 18:
        return prefix, int(digits)
    return None


def bounce_concerns(bounces) -> dict[int, Concern]:
    """For each bounce, the delivery (and its address) it seems to concern. Two queries at most."""
    parsed = {bounce.pk: _reference(bounce.reference) for bounce in bounces}
    wanted = {"n": set(), "m": set()}
    for reference in parsed.values():
        if reference:
            wanted[reference[0]].add(reference[1])
    deliveries = (
        {
            row.pk: row
            for row in Delivery.objects.filter(pk__in=wanted["n"]).select_related(
                "issue", "mailing"
            )
        }
        if wanted["n"]
        else {}
    )
    emails = (
        {row.pk: row for row in Email.objects.filter(pk__in=wanted["m"]).only("pk", "to", "key")}
        if wanted["m"]
        else {}
    )
    concerns = {}
    for bounce in bounces:
        reference = parsed[bounce.pk]
        concern = Concern()
        if reference and reference[0] == "n" and reference[1] in deliveries:
            row = deliveries[reference[1]]
            campaign = row.issue.slug if row.issue_id else str(row.mailing)
            concern = Concern(address=row.email, source="delivery", what=campaign)
        elif reference and reference[0] == "m" and reference[1] in emails:
            row = emails[reference[1]]
            concern = Concern(address=row.to, source="delivery", what=row.key)
        elif bounce.email:
            concern = Concern(address=bounce.email, source="delivery")
        elif bounce.sender:
            concern = Concern(address=bounce.sender.lower(), source="sender")
        concerns[bounce.pk] = concern
    return concerns

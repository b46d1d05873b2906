"""The shape of a profile revision: what an NGO editor may change, as data.

A revision stores the whole proposed profile (not a patch) as JSON:

    {"mission_<code>": str for each configured language,
     "website": str, "address": str, "city": str, "country": "FR",
     "sectors": ["culture", ...],
     "contacts": [{"name", "title", "email", "phone", "preferred_language"}, ...],
     "delegates": [{"country", "name", "email"}, ...]}

`contacts` are the partner's public contacts and `delegates` its active
delegates; private contacts (newsletter recipients, the Secretariat's own
addresses) are never shown to editors nor touched by a revision. A proposed
contact whose address is already a private contact stays private, unchanged:
whether a person's address is shown publicly is the Secretariat's call, made
on the contact itself (admin, "shown publicly"), never a side effect of
approving a profile; the comparison page says so (`private_contacts_claimed`). Contacts are
matched by email and delegates by (country, name), never by database id, so
no id of another partner's row can be smuggled in through a form.
"""

import difflib
import re

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from foundation.languages import localized_field_names, localized_labels
from partners.models import Contact, Delegate, Partner, Sector

TEXT_FIELDS = [*localized_field_names("mission"), "website", "address", "city", "country"]
CONTACT_KEYS = ["name", "title", "email", "phone", "preferred_language"]
DELEGATE_KEYS = ["country", "name", "email"]

FIELD_LABELS = {
    **localized_labels("mission", _("Mission (%(language)s)")),
    "website": _("Website"),
    "address": _("Address"),
    "city": _("City"),
    "country": _("Country of headquarters"),
    "sectors": _("UNESCO sectors"),
    "contacts": _("Public contacts"),
    "delegates": _("Delegates by country"),
}


def _contacts_of(partner: Partner) -> list[dict]:
    contacts = partner.contacts.filter(is_public=True).order_by("name", "email")
    return [{key: getattr(contact, key) or "" for key in CONTACT_KEYS} for contact in contacts]


def _delegates_of(partner: Partner) -> list[dict]:
    delegates = partner.delegates.filter(is_active=True).order_by("country", "name")
    return [{"country": d.country.code, "name": d.name, "email": d.email or ""} for d in delegates]


def snapshot(partner: Partner) -> dict:
    """The partner's current public profile in a revision's shape."""
    data = {field: getattr(partner, field) or "" for field in TEXT_FIELDS if field != "country"}
    data["country"] = partner.country.code if partner.country else ""
    data["sectors"] = sorted(partner.sectors.values_list("code", flat=True))
    data["contacts"] = _contacts_of(partner)
    data["delegates"] = _delegates_of(partner)
    return data


def normalize_text(value):
    """One form of line ending: browsers post textareas with \\r\\n, the
    admin and the imports store \\n, and an unchanged mission must compare
    equal to itself."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def normalize(data: dict) -> dict:
    """Sort lists and unify line endings so that two equal profiles compare
    equal (applied before a revision is stored and before a comparison)."""
    data = {key: normalize_text(value) for key, value in data.items()}
    for key in ("contacts", "delegates"):
        if isinstance(data.get(key), list):
            data[key] = [
                {k: normalize_text(v) for k, v in row.items()} if isinstance(row, dict) else row
                for row in data[key]
            ]
    data["sectors"] = sorted(data.get("sectors", []))
    data["contacts"] = sorted(
        data.get("contacts", []), key=lambda c: (c.get("name", ""), c.get("email", ""))
    )
    data["delegates"] = sorted(
        data.get("delegates", []), key=lambda d: (d.get("country", ""), d.get("name", ""))
    )
    return data


def _display(field: str, value) -> str:
    if field == "country":
        return str(countries.name(value)) if value else ""
    if field == "sectors":
        names = dict(Sector.objects.filter(code__in=value).values_list("code", "name"))
        return "\n".join(str(names.get(code, code)) for code in value)
    if field == "contacts":
        return "\n".join(
            ", ".join(part for part in [c["name"], c["title"], c["email"], c["phone"]] if part)
            for c in value
        )
    if field == "delegates":
        return "\n".join(
            f"{countries.name(d['country'])}: {d['name']}"
            + (f" <{d['email']}>" if d.get("email") else "")
            for d in value
        )
    return value or ""


# Lists are compared line by line (one contact, one delegate, one sector a
# line); texts word by word, the spaces kept so that the text reads as typed.
LINE_FIELDS = {"sectors", "contacts", "delegates"}
_WORDS = re.compile(r"\s+|[^\s]+")
_LINES = re.compile(r"[^\n]+|\n")


def _tokens(field: str, text: str) -> list[str]:
    return (_LINES if field in LINE_FIELDS else _WORDS).findall(text)


def highlight(field: str, old: str, new: str) -> tuple[str, str]:
    """The two texts as HTML, deletions in <del> on the old side and
    additions in <ins> on the new one (difflib's opcodes)."""
    a, b = _tokens(field, old), _tokens(field, new)
    before, after = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left = conditional_escape("".join(a[i1:i2]))
        right = conditional_escape("".join(b[j1:j2]))
        if op == "equal":
            before.append(left)
            after.append(right)
            continue
        if left:
            before.append(f"<del>{left}</del>")
        if right:
            after.append(f"<ins>{right}</ins>")
    return mark_safe("".join(before)), mark_safe("".join(after))  # noqa: S308 -- escaped above


def diff(current: dict, proposed: dict) -> list[dict]:
    """Rows for the side-by-side view: label, current and proposed text (HTML,
    changes marked), changed."""
    current, proposed = normalize(current), normalize(proposed)
    rows = []
    for field in [*TEXT_FIELDS, "sectors", "contacts", "delegates"]:
        old, new = current.get(field), proposed.get(field)
        changed = old != new
        old_text, new_text = _display(field, old), _display(field, new)
        if changed:
            old_html, new_html = highlight(field, old_text, new_text)
        else:
            old_html = new_html = conditional_escape(old_text)
        rows.append(
            {
                "field": field,
                "label": FIELD_LABELS[field],
                "current": old_html,
                "proposed": new_html,
                "changed": changed,
            }
        )
    return rows


def private_contacts_claimed(partner: Partner, proposed: dict) -> list[str]:
    """Proposed contact addresses that belong to the partner's private contacts.

    Approval leaves those contacts private and untouched.
    """
    emails = {c["email"].lower() for c in proposed.get("contacts", []) if c.get("email")}
    if not emails:
        return []
    private = partner.contacts.filter(is_public=False).values_list("email", flat=True)
    return sorted(email.lower() for email in private if email.lower() in emails)


def apply(partner: Partner, proposed: dict) -> None:
    """Write a proposed profile onto the partner (caller holds the row lock).

    Side effects: saves the partner's fields and sectors; creates, updates or
    deletes its public contacts (a private contact is never made public nor
    changed); creates, updates or deactivates its delegates.
    """
    for field in TEXT_FIELDS:
        setattr(partner, field, proposed.get(field, ""))
    partner.full_clean(exclude=["slug", "logo"])
    partner.save()
    partner.sectors.set(Sector.objects.filter(code__in=proposed.get("sectors", [])))

    kept_emails = []
    for data in proposed.get("contacts", []):
        email = data["email"].lower()
        kept_emails.append(email)
        contact = partner.contacts.filter(email__iexact=email).first() or Contact(
            partner=partner, email=email
        )
        if contact.pk and not contact.is_public:
            continue
        for key in ["name", "title", "phone", "preferred_language"]:
            setattr(contact, key, data.get(key, ""))
        contact.is_public = True
        contact.full_clean()
        contact.save()
    removed = partner.contacts.filter(is_public=True)
    for email in kept_emails:
        removed = removed.exclude(email__iexact=email)
    removed.delete()

    kept = []
    for data in proposed.get("delegates", []):
        delegate = partner.delegates.filter(country=data["country"], name=data["name"]).first()
        delegate = delegate or Delegate(partner=partner, country=data["country"], name=data["name"])
        delegate.email = data.get("email", "")
        delegate.is_active = True
        delegate.full_clean()
        delegate.save()
        kept.append(delegate.pk)
    partner.delegates.filter(is_active=True).exclude(pk__in=kept).update(is_active=False)

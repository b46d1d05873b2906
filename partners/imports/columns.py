"""The columns of the two sheets, and how a heading is recognised.

A heading is recognised by the column's key ("name_fr", "status") or by its
label in any configured language ("Statut", "Estado"), so the directory's
export, whose headings follow the reader's language, reads back as it is.
The per-language columns (name_fr, mission_es…) come from the configured
languages, never from a list written here.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from foundation.languages import language_codes, localized_label
from partners.search import normalize


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazily translated
    help: object = ""
    # For the per-language columns: the model field and the language.
    field: str = ""
    language: str = ""


def _localized(field: str, pattern) -> list[Column]:
    return [
        Column(
            key=f"{field}_{code}",
            label=localized_label(pattern, name),
            field=field,
            language=code,
        )
        for code, name in settings.LANGUAGES
    ]


def partner_columns() -> list[Column]:
    return [
        Column("slug", _("Slug"), _("The partner's address in the directory; matched first.")),
        Column("name", _("Name"), _("The name in the language of the headings.")),
        *_localized("name", _("Name (%(language)s)")),
        Column("acronym", _("Acronym")),
        Column("kind", _("Kind"), _("ngo or foundation; by default, from the status.")),
        Column("status", _("Status"), _("consultative, associate or official-relations.")),
        Column("since", _("Since"), _("Date of first admission, YYYY-MM-DD.")),
        Column("admission_reference", _("Admission reference"), _("e.g. DG/7/17/1815")),
        Column("admission_board_session", _("Admission Executive Board session")),
        Column("standing", _("Standing"), _("active, suspended or ended.")),
        Column("next_review_date", _("Next review date")),
        Column("sectors", _("Sectors"), _("Separated by semicolons.")),
        Column("country", _("Country"), _("ISO code (SN) or name.")),
        Column("region", _("Region"), _("Checked against the country.")),
        Column("address", _("Address")),
        Column("city", _("City")),
        Column("website", _("Website")),
        Column("email", _("Email")),
        Column("phone", _("Phone")),
        Column("founding_year", _("Founding year")),
        Column("mission", _("Mission"), _("The mission in the language of the headings.")),
        *_localized("mission", _("Mission (%(language)s)")),
        Column("contact_name", _("Contact name")),
        Column("contact_email", _("Contact email")),
        Column("contact_public", _("Contact shown publicly"), _("yes or no.")),
        Column("public_contact_email", _("Public contact email")),
        Column("latest_decision", _("Latest decision"), _("Ignored: see the Decisions sheet.")),
    ]


def decision_columns() -> list[Column]:
    return [
        Column("slug", _("Slug")),
        Column("name", _("Name")),
        Column("acronym", _("Acronym")),
        Column("country", _("Country")),
        Column(
            "decision",
            _("Decision"),
            _("admission, status-change, renewal, suspension, reinstatement or termination."),
        ),
        Column("status", _("Status")),
        Column("decided_on", _("Decision date")),
        Column("reference", _("Decision reference")),
        Column("board_session", _("Executive Board session")),
        Column("decided_by", _("Decided by"), _("director-general or executive-board.")),
        Column("note", _("Note"), _("Required for a suspension, its end or a termination.")),
    ]


@dataclass
class Headings:
    """The file's first row, read: which key each position holds."""

    keys: list[str | None]
    language: str
    unknown: list[tuple[int, str]]
    duplicates: list[tuple[int, str]]
    written: list[str] = field(default_factory=list)

    def present(self) -> set[str]:
        return {key for key in self.keys if key}


def read_headings(cells: list, columns: list[Column]) -> Headings:
    by_language: dict[str, dict[str, str]] = {}
    by_key = {normalize(column.key): column.key for column in columns}
    for code in language_codes():
        with translation.override(code):
            by_language[code] = {normalize(str(column.label)): column.key for column in columns}
    votes = dict.fromkeys(language_codes(), 0)
    keys: list[str | None] = []
    unknown, duplicates, seen = [], [], set()
    for position, cell in enumerate(cells):
        heading = normalize("" if cell is None else str(cell).lstrip("'"))
        if not heading:
            keys.append(None)
            continue
        key = by_key.get(heading)
        for code, labels in by_language.items():
            if heading in labels:
                votes[code] += 1
                key = key or labels[heading]
        if key is None:
            unknown.append((position, str(cell)))
        elif key in seen:
            duplicates.append((position, str(cell)))
            key = None
        else:
            seen.add(key)
        keys.append(key)
    best = max(votes.values(), default=0)
    language = settings.LANGUAGE_CODE
    if best and votes.get(language) != best:
        language = next(code for code, count in votes.items() if count == best)
    return Headings(keys=keys, language=language, unknown=unknown, duplicates=duplicates)

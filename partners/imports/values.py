"""Reading one cell: text, a date, a number, or one of the accepted values.

Accepted values are recognised by their code ("associate", "education",
"SN") or by their label in any configured language ("Statut associé",
"Éducation", "Sénégal"), ignoring case and accents, so that a file written
in French reads the same as one written in English. A cell that matches
nothing raises `CellError` with a message for the report.
"""

import datetime
import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from foundation.countries import UNCountries
from foundation.languages import language_codes
from partners.models import Partner, PartnershipStatus, Sector, Standing, StatusChange
from partners.regions import Region
from partners.search import normalize

# What a spreadsheet would evaluate. The export writes such text with a
# leading apostrophe (partners.exports.neutralize), which is taken off here.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"
TRUE_WORDS = {"yes", "y", "true", "1", "oui", "si", "sí", "x"}
FALSE_WORDS = {"no", "n", "false", "0", "non", ""}


class CellError(Exception):
    """A cell that cannot be read; `message` is lazily translated."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def text(self) -> str:
        return str(self.message) % self.params


def text(value) -> str:
    """A cell as text, refusing formulas; the export's apostrophe is taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    raw = str(value)  # a date as 2024-11-30
    if raw.startswith("'") and raw[1:].startswith(FORMULA_PREFIXES):
        return raw[1:].strip()
    if raw.startswith(FORMULA_PREFIXES):
        raise CellError(
            _(
                "This cell holds a formula or starts like one; formulas are refused. "
                "Type an apostrophe before the text to keep it as text."
            )
        )
    return raw.replace("\x00", "").strip()


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


def date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    cell = text(value)
    if not cell:
        return None
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(cell, pattern).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed
    raise CellError(_("This is not a date: write it as YYYY-MM-DD (2024-11-30)."))


def whole_number(value, *, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        raise CellError(_("This is not a whole number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    cell = text(value)
    if not cell:
        return None
    if not re.fullmatch(r"\d{1,6}", cell):
        raise CellError(_("This is not a whole number."))
    number = int(cell)
    if not low <= number <= high:
        raise CellError(_("The number must be between %(low)s and %(high)s."), low=low, high=high)
    return number


def boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    cell = normalize(text(value))
    if cell in TRUE_WORDS:
        return True
    if cell in FALSE_WORDS:
        return False if cell else None
    raise CellError(_("Write yes or no."))


class Vocabulary:
    """The accepted values of the configured languages, read once per import."""

    def __init__(self):
        self.statuses = self._choices(PartnershipStatus.choices)
        self.standings = self._choices(Standing.choices)
        self.kinds = self._choices(Partner.Kind.choices)
        self.decision_kinds = self._choices(StatusChange.Kind.choices)
        self.decided_by = self._choices(StatusChange.DecidedBy.choices)
        self.regions = self._choices(Region.choices)
        self.sectors: dict[str, int] = {}
        self.sector_codes: dict[int, str] = {}
        for sector in Sector.objects.all():
            self.sector_codes[sector.pk] = sector.code
            self.sectors[normalize(sector.code)] = sector.pk
            for language in language_codes():
                name = getattr(sector, f"name_{language}")
                if name:
                    self.sectors.setdefault(normalize(name), sector.pk)
        self.countries: dict[str, str] = {}
        for language in language_codes():
            with translation.override(language):
                for code, name in UNCountries():
                    self.countries.setdefault(normalize(code), code)
                    self.countries.setdefault(normalize(str(name)), code)

    @staticmethod
    def _choices(choices) -> dict[str, str]:
        found = {}
        for value, label in choices:
            found[normalize(value)] = value
            for language in language_codes():
                with translation.override(language):
                    found.setdefault(normalize(str(label)), value)
        return found

    @staticmethod
    def _pick(table: dict, value, message):
        cell = text(value)
        if not cell:
            return None
        try:
            return table[normalize(cell)]
        except KeyError:
            raise CellError(message) from None

    def status(self, value):
        return self._pick(
            self.statuses,
            value,
            _("Unknown status: use consultative, associate or official-relations."),
        )

    def standing(self, value):
        return self._pick(
            self.standings, value, _("Unknown standing: use active, suspended or ended.")
        )

    def kind(self, value):
        return self._pick(self.kinds, value, _("Unknown kind: use ngo or foundation."))

    def decision_kind(self, value):
        return self._pick(
            self.decision_kinds,
            value,
            _(
                "Unknown decision: use admission, status-change, renewal, suspension, "
                "reinstatement or termination."
            ),
        )

    def decider(self, value):
        return self._pick(
            self.decided_by,
            value,
            _("Unknown decision maker: use director-general or executive-board."),
        )

    def region(self, value):
        return self._pick(
            self.regions,
            value,
            _(
                "Unknown region: use africa, arab-states, asia-pacific, europe-north-america "
                "or latin-america-caribbean."
            ),
        )

    def country(self, value):
        return self._pick(
            self.countries,
            value,
            _("Unknown country: use its two-letter ISO code (SN) or its name."),
        )

    def sector_list(self, value) -> list[int]:
        """Sector ids in the order given, separated by semicolons."""
        found: list[int] = []
        for part in text(value).split(LIST_SEPARATOR):
            if not part.strip():
                continue
            try:
                sector = self.sectors[normalize(part)]
            except KeyError:
                raise CellError(
                    _(
                        "Unknown sector “%(value)s”: use education, natural-sciences, "
                        "social-human-sciences, culture or communication-information, "
                        "separated by semicolons."
                    ),
                    value=part.strip(),
                ) from None
            if sector not in found:
                found.append(sector)
        return found

"""Values as people read them (foundation/display.py and the ``display`` template library)."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.utils import translation

from foundation import display, timezones
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (111, "111th"), (222, "222nd"), (223, "223rd")],
)  # fmt: skip
def test_english_ordinals(number, expected):
    with translation.override("en"):
        assert display.ordinal(number) == expected


@pytest.mark.parametrize(
    ("number", "gender", "expected"),
    [(1, "f", "1re"), (1, "m", "1er"), (2, "f", "2e"), (223, "f", "223e"), (11, "m", "11e")],
)
def test_french_ordinals(number, gender, expected):
    with translation.override("fr"):
        assert display.ordinal(number, gender) == expected


@pytest.mark.parametrize(
    ("number", "gender", "expected"), [(223, "f", "223.ª"), (223, "m", "223.º"), (1, "f", "1.ª")]
)
def test_spanish_ordinals(number, gender, expected):
    with translation.override("es"):
        assert display.ordinal(number, gender) == expected


@pytest.mark.parametrize("value", [None, "", "abc", "12<script>"])
def test_ordinal_of_what_is_not_a_number_is_left_alone(value):
    assert display.ordinal(value) == ("" if value is None else value)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "223rd session of the Executive Board"),
        ("fr", "223e session du Conseil exécutif"),
        ("es", "223.ª reunión del Consejo Ejecutivo"),
    ],
)
def test_executive_board_session_in_each_language(language, expected):
    source = (
        "{% load i18n %}{% blocktranslate trimmed with ordinal=n|ordinal:'f' %}"
        "{{ ordinal }} session of the Executive Board{% endblocktranslate %}"
    )
    with translation.override(language):
        assert render(source, n=223) == expected


@pytest.mark.parametrize(
    ("language", "expected_date", "expected_datetime"),
    [
        ("en", "1 June 2026", "29 November 2026, 22:53"),
        ("fr", "1er juin 2026", "29 novembre 2026 à 22:53"),
        ("es", "1 de junio de 2026", "29 de noviembre de 2026, 22:53"),
    ],
)
def test_dates_day_first_and_times_on_24_hours(language, expected_date, expected_datetime):
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    moment = datetime.datetime(2026, 11, 29, 22, 53, tzinfo=paris)
    with translation.override(language):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=datetime.date(2026, 6, 1)) == expected_date
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=moment) == expected_datetime
        assert render("{{ m }}", m=moment) == expected_datetime


def test_french_first_day_only_on_the_first_and_escapes_kept():
    with translation.override("fr"):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=datetime.date(2026, 6, 2)) == "2 juin 2026"
        assert render(r'{{ d|date:"\j j" }}', d=datetime.date(2026, 6, 1)) == "j 1er"
        assert render('{{ d|date:"Y" }}', d=datetime.date(2026, 6, 1)) == "2026"
        assert render('{{ d|date:"DATE_FORMAT" }}', d=None) == ""


def test_country_names_from_codes_and_countries():
    partner = PartnerFactory(country="RU")
    with translation.override("fr"):
        assert display.country_names(["SN", partner.country, "zz", ""]) == (
            "Sénégal, Fédération de Russie"
        )
        assert render("{{ c|country_name }}", c="KR") == "République de Corée"


def test_translated_text_in_the_page_language_has_no_note():
    partner = PartnerFactory(mission_fr="Mission en français.")
    with translation.override("fr"):
        html = render('{% translated p "mission" %}', p=partner)
    assert "Mission en français." in html
    assert "lang=" not in html


@pytest.mark.parametrize(
    ("language", "note"),
    [("fr", "Texte disponible en anglais"), ("es", "Texto disponible en inglés")],
)
def test_translated_text_falling_back_is_marked_with_its_language(language, note):
    partner = PartnerFactory(mission_fr="", mission_es="", mission_en="English only.")
    with translation.override(language):
        html = render('{% translated p "mission" %}', p=partner)
    assert '<div lang="en"><p>English only.</p></div>' in html
    assert note in html


def test_translated_text_is_escaped():
    partner = PartnerFactory(mission_fr="", mission_en="<script>x</script>")
    with translation.override("fr"):
        html = render('{% translated p "mission" %}', p=partner)
    assert "<script>" not in html


def test_untranslated_note_names_the_language_only_when_it_differs():
    partner = PartnerFactory(mission_fr="", mission_es="Sólo en español.", mission_en="")
    with translation.override("fr"):
        assert display.untranslated_note(partner, "mission") == (
            "Ce texte est en espagnol\u00a0; aucune traduction n'est encore disponible."
        )
    with translation.override("es"):
        assert display.untranslated_note(partner, "mission") == ""


def test_time_zones_are_a_short_list_by_offset_and_city():
    winter = datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)
    choices = timezones.time_zone_choices(when=winter)
    assert 30 < len(choices) < 80
    assert ("Europe/Paris", "(UTC+01:00) Paris") in choices
    assert ("Asia/Kolkata", "(UTC+05:30) New Delhi") in choices
    assert ("America/New_York", "(UTC−05:00) New York") in choices
    offsets = [timezones.utc_offset(name, winter) for name, _label in choices]
    assert offsets == sorted(offsets)
    assert not any(name in {"W-SU", "ROC", "localtime"} for name, _label in choices)


def test_time_zone_list_keeps_a_stored_value_and_translates_cities():
    summer = datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC)
    choices = dict(timezones.time_zone_choices(current="America/La_Paz", when=summer))
    assert choices["America/La_Paz"] == "(UTC−04:00) America/La_Paz"
    assert choices["Europe/Paris"] == "(UTC+02:00) Paris"
    assert "localtime" not in dict(timezones.time_zone_choices(current="localtime"))
    with translation.override("es"):
        assert dict(timezones.time_zone_choices(when=summer))["Europe/London"] == (
            "(UTC+01:00) Londres"
        )

"""Countries as the UN names them (foundation/countries.py, through django-countries)."""

import pytest
from django.utils import translation
from django_countries import countries

from foundation import countries as un
from foundation.accounts.forms import DelegateSignupForm
from partners.models import Action
from tests.factories import ActionFactory

NOT_STATES = ["AQ", "BV", "FK", "GI", "HK", "TW", "GS", "UM"]


def test_unesco_has_194_member_states_and_its_associate_members():
    assert len(un.MEMBER_STATES) == 194
    assert {"CK", "NU", "PS"} <= set(un.MEMBER_STATES)  # members of UNESCO, not of the UN
    assert not {"IL", "LI"} & set(un.MEMBER_STATES)  # UN members, not UNESCO's
    assert {"AW", "CW", "FO", "MO", "TK"} <= set(un.ASSOCIATE_MEMBERS)
    assert not set(un.MEMBER_STATES) & set(un.ASSOCIATE_MEMBERS)


def test_every_country_has_a_name_in_each_language():
    for code, names in un.NAMES.items():
        assert set(names) == {"en", "fr", "es"}, code
        assert all(name.strip() for name in names.values()), code


def test_member_state_list_offers_member_states_and_associate_members_only():
    codes = {code for code, _name in un.member_states}
    assert codes == set(un.MEMBER_STATES) | set(un.ASSOCIATE_MEMBERS)
    assert not codes & set(NOT_STATES)
    assert "IL" not in codes


def test_other_country_lists_add_the_other_states_but_no_odd_territory():
    codes = {code for code, _name in un.un_countries}
    assert {"IL", "LI", "VA"} <= codes
    assert not codes & set(NOT_STATES)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            {
                "MM": "Myanmar",
                "BY": "Bélarus",
                "RU": "Fédération de Russie",
                "KR": "République de Corée",
                "KP": "République populaire démocratique de Corée",
                "IR": "Iran (République islamique d')",
                "TR": "Türkiye",
                "MH": "Îles Marshall",
                "SY": "République arabe syrienne",
            },
        ),
        (
            "en",
            {
                "MM": "Myanmar",
                "BY": "Belarus",
                "RU": "Russian Federation",
                "KR": "Republic of Korea",
                "IR": "Iran (Islamic Republic of)",
                "TR": "Türkiye",
                "SY": "Syrian Arab Republic",
                "BO": "Bolivia (Plurinational State of)",
            },
        ),
        (
            "es",
            {
                "MM": "Myanmar",
                "BY": "Belarús",
                "RU": "Federación de Rusia",
                "KR": "República de Corea",
                "IR": "Irán (República Islámica del)",
                "TR": "Türkiye",
                "SY": "República Árabe Siria",
            },
        ),
    ],
)
def test_countries_are_named_as_unterm_names_them(language, expected):
    with translation.override(language):
        for code, name in expected.items():
            assert countries.name(code) == name
            assert un.member_states.name(code) == name
            assert dict(un.un_countries)[code] == name


def test_lists_are_sorted_in_the_language_of_the_page():
    with translation.override("fr"):
        names = [name for _code, name in un.member_states]
    assert names.index("Égypte") < names.index("Érythrée") < names.index("Espagne")
    assert names.index("Fédération de Russie") < names.index("Fidji")


def test_a_stored_code_outside_the_lists_keeps_its_name():
    # Data entered before the lists were restricted must still read well.
    assert un.member_states.name("HK") == countries.name("HK") != ""
    assert un.member_states.name("ZZ") == ""


def test_delegate_signup_offers_member_states_with_an_explicit_empty_choice():
    with translation.override("fr"):
        field = DelegateSignupForm().fields["country"]
        choices = list(field.choices)
    assert choices[0] == ("", "Choisissez un État membre")
    assert len(choices) == 1 + 194 + len(un.ASSOCIATE_MEMBERS)
    assert "---------" not in {label for _code, label in choices}


@pytest.mark.parametrize("code", ["TW", "HK", "AQ", "IL", "XX", "sn\x00"])
def test_delegate_signup_refuses_what_is_not_a_member_state(code):
    form = DelegateSignupForm(data={"full_name": "A", "country": code, "body": "x"})
    form.is_valid()
    assert "country" in form.errors


@pytest.mark.django_db
def test_a_country_list_reads_the_same_from_a_row_and_from_an_instance():
    action = ActionFactory(countries=["SN", "BR"])
    stored = Action.objects.values_list("countries", flat=True).get(pk=action.pk)
    assert un.codes_of(stored) == ["BR", "SN"]
    assert un.codes_of(Action.objects.get(pk=action.pk).countries) == ["BR", "SN"]
    assert un.codes_of("") == []
    assert un.codes_of(None) == []

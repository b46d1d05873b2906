"""The form kit: how a form view answers and how a field is drawn."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template import Context, Template
from django.test import RequestFactory

from foundation.web.forms import add_service_errors, bind, handle_form

TEMPLATE = "foundation/forms/form.html"


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=10, help_text="Ten letters at most.")
    email = forms.EmailField(label="Email")
    sectors = forms.MultipleChoiceField(
        label="Sectors",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more.",
    )
    agree = forms.BooleanField(label="I agree")
    version = forms.IntegerField(widget=forms.HiddenInput)


VALID = {"name": "Ada", "email": "ada@example.org", "sectors": ["a"], "agree": "on", "version": 1}


class _Ids(HTMLParser):
    """Every id on the page, and every (element, aria-describedby) pair."""

    def __init__(self):
        super().__init__()
        self.ids, self.described = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "aria-describedby" in attrs:
            self.described.append((tag, attrs.get("name") or attrs.get("id"), attrs))


def _parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def _call(method, data=None, on_valid=None):
    request = getattr(RequestFactory(), method)("/form/", data or {})
    form = SampleForm(**bind(request))
    response = handle_form(
        request,
        form,
        on_valid=on_valid or (lambda form: HttpResponseRedirect("/done/")),
        template=TEMPLATE,
    )
    return response, form


def test_it_shows_the_form_on_get():
    response, form = _call("get")
    assert response.status_code == 200
    assert not form.is_bound
    assert 'name="name"' in response.text
    assert "field-error" not in response.text


@pytest.mark.parametrize("method", ["put", "patch", "delete", "head", "options"])
def test_it_refuses_other_methods(method):
    response, _form = _call(method)
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_it_calls_on_valid_with_the_cleaned_form():
    seen = []

    def save(form):
        seen.append(form.cleaned_data["name"])
        return HttpResponseRedirect("/done/")

    response, _form = _call("post", VALID, save)
    assert response.status_code == 302
    assert response["Location"] == "/done/"
    assert seen == ["Ada"]


def test_an_empty_post_is_validated_not_shown_as_a_new_form():
    response, form = _call("post", {}, lambda form: pytest.fail("must not be called"))
    assert response.status_code == 400
    assert form.is_bound
    assert 'id="id_name_error"' in response.text


def test_invalid_input_is_400_with_each_message_beside_its_field():
    response, _form = _call("post", {**VALID, "name": "x" * 11, "email": "not-an-address"})
    assert response.status_code == 400
    error = re.search(
        r'<div class="field-error" role="alert" id="id_email_error">(.*?)</div>', response.text
    )
    assert error and "Enter a valid email address." in error.group(1)
    assert 'id="id_name_error"' in response.text
    # The summary at the top links to each field in error.
    summary = re.search(r'<div class="form-errors error-summary".*?</div>', response.text, re.S)
    assert "There is a problem" in summary.group(0)
    links = re.findall(r'<li><a href="#([^"]+)">', summary.group(0))
    assert links == ["id_name", "id_email"]
    assert "Enter a valid email address." in summary.group(0)


def test_a_service_refusal_naming_a_field_lands_beside_it():
    def refuse(form):
        raise ValidationError({"email": "This address is already invited."})

    response, form = _call("post", VALID, refuse)
    assert response.status_code == 400
    assert form.errors["email"] == ["This address is already invited."]
    assert re.search(r'id="id_email_error"><p>This address is already invited\.</p>', response.text)


def test_a_service_refusal_naming_no_field_or_an_unknown_one_goes_to_the_top():
    def refuse(form):
        raise ValidationError({"__all__": "Too late.", "secret_column": "No such thing."})

    response, form = _call("post", VALID, refuse)
    assert response.status_code == 400
    assert form.non_field_errors() == ["Too late.", "No such thing."]
    summary = re.search(r'<div class="form-errors error-summary"(.*?)</div>', response.text, re.S)
    assert "Too late." in summary.group(1) and "No such thing." in summary.group(1)


def test_a_plain_service_refusal_goes_to_the_top():
    form = SampleForm(VALID)
    form.is_valid()
    add_service_errors(form, ValidationError(["First.", "Second."]))
    assert form.non_field_errors() == ["First.", "Second."]


def test_a_tampered_hidden_field_is_reported_at_the_top():
    response, _form = _call("post", {**VALID, "version": "x"})
    assert response.status_code == 400
    assert "This page is out of date or was altered." in response.text


def test_context_may_be_built_only_when_the_page_is_shown():
    built = []

    def context():
        built.append(True)
        return {"extra": 1}

    request = RequestFactory().post("/form/", VALID)
    handle_form(
        request,
        SampleForm(**bind(request)),
        on_valid=lambda form: HttpResponseRedirect("/done/"),
        template=TEMPLATE,
        context=context,
    )
    assert built == []


def test_every_aria_describedby_points_at_an_element_of_the_page():
    """The accessibility bug the four old field templates had: an input named
    an error element that was never drawn."""
    response, _form = _call("post", {"name": "x" * 11, "sectors": ["zz"]})
    page = _parse(response.text)
    described = {name: attrs for _tag, name, attrs in page.described}
    assert described["name"]["aria-describedby"] == "id_name_helptext id_name_error"
    assert described["name"]["aria-invalid"] == "true"
    assert described["email"]["aria-describedby"] == "id_email_error"
    assert described["agree"]["aria-describedby"] == "id_agree_error"
    # A group of checkboxes is described on its fieldset.
    fieldsets = [attrs for tag, _name, attrs in page.described if tag == "fieldset"]
    assert [f["aria-describedby"] for f in fieldsets] == ["id_sectors_helptext id_sectors_error"]
    for _tag, _name, attrs in page.described:
        for target in attrs["aria-describedby"].split():
            assert target in page.ids, target


def test_a_valid_field_names_only_its_help_text():
    response, _form = _call("get")
    page = _parse(response.text)
    assert [attrs["aria-describedby"] for _t, _n, attrs in page.described] == [
        "id_name_helptext",
        "id_sectors_helptext",
    ]
    assert "aria-invalid" not in response.text


# Pagination ------------------------------------------------------------------


class _Page:
    number = 2
    has_other_pages = has_previous = has_next = True

    def previous_page_number(self):
        return 1

    def next_page_number(self):
        return 3

    class paginator:  # noqa: N801 - stands in for Paginator's attribute
        num_pages = 3


def _pagination(query: str) -> str:
    request = RequestFactory().get("/list/?" + query)
    template = Template("{% load pagination %}{% pagination page %}")
    return template.render(Context({"page": _Page(), "request": request}))


def test_pagination_keeps_the_query_string_but_the_page():
    html = _pagination("q=%C3%A9ducation&sector=culture&page=2")
    assert 'href="?q=%C3%A9ducation&amp;sector=culture&amp;page=1" rel="prev"' in html
    assert 'href="?q=%C3%A9ducation&amp;sector=culture&amp;page=3" rel="next"' in html
    assert "Page 2 of 3" in html


def test_pagination_escapes_a_hostile_query():
    html = _pagination('q="><script>alert(1)</script>&page=2')
    assert "<script>" not in html
    assert 'href="?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;page=1"' in html


def test_pagination_without_a_query_links_to_the_page_alone():
    assert 'href="?page=1"' in _pagination("page=2")

"""A refused form, in each app, as a browser and a screen reader meet it.

The crawl's axe sweep only sees forms as they first appear; errors are drawn
only after a refused submission. Here one form per app is submitted with
input it must refuse, and the page that comes back must pass axe and tie
each invalid input to its message: `aria-invalid="true"` and an
`aria-describedby` whose every id exists, one of them the error text.
"""

import pytest

from tests.e2e.journey import E2E

pytestmark = E2E

# (role, page, {field name: hostile or missing value}, status of the refusal);
# empty fields are left as the page draws them. allauth's sign-up view is the
# library's and answers a refusal with 200; its fields are drawn by our
# field template all the same.
FORMS = {
    "partners: action": (
        "editor_a",
        "/fr/my/organisation/actions/new/",
        {"title_fr": "x" * 300, "link": "javascript:alert(1)"},
        400,
    ),
    "forums: registration": ("editor_a", "/es/forums/ciong-open/register/", {}, 400),
    "dialogue: request": (
        "verified_delegate",
        "/en/dialogue/requests/new/",
        {"theme": "x" * 300, "preferred_from": "2030-02-31"},
        400,
    ),
    "newsletter: subscription": (
        "visitor",
        "/fr/newsletters/subscribe/",
        {"email": "not-an-address"},
        400,
    ),
    "accounts: sign-up": (
        "visitor",
        "/es/accounts/signup/",
        {"email": "not-an-address", "password1": "short", "password2": "other"},
        200,
    ),
}

# The browser's own checks would stop the submission before the server sees
# it; the server's answer is what is judged here.
NO_BROWSER_CHECKS = "document.querySelectorAll('form').forEach(f => f.noValidate = true)"

DESCRIBED = """() => [...document.querySelectorAll('main [aria-invalid="true"]')].map(input => {
  const holder = input.closest('fieldset[aria-describedby]') || input;
  const ids = (holder.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  return {
    name: input.name,
    ids: ids,
    missing: ids.filter(id => !document.getElementById(id)),
    error: ids.filter(id => id.endsWith('_error'))
      .map(id => document.getElementById(id)?.textContent.trim() || ''),
  };
})"""


@pytest.mark.parametrize("name", list(FORMS))
def test_a_refused_form_passes_axe_and_names_its_errors(journey, world, name):
    role, path, values, status = FORMS[name]
    page = journey.as_user(world["users"][role], axe=True, language=path[1:3])
    page.goto(journey.url(path))
    form = page.locator("main form[method='post']").first
    for field, value in values.items():
        form.locator(f"[name='{field}']").fill(value)
    page.evaluate(NO_BROWSER_CHECKS)
    with page.expect_navigation() as navigation:
        form.locator("button[type='submit']").first.click()
    assert navigation.value.status == status

    invalid = page.evaluate(DESCRIBED)
    assert invalid, "no field is marked invalid"
    for field in invalid:
        assert field["missing"] == [], field
        assert field["error"] and all(field["error"]), field
    journey.axe_check(page)
    journey.assert_no_page_errors()

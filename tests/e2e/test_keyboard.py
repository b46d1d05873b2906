"""Keyboard only: the skip link, the directory's filters and the login form.

Every element that receives focus on the way must show a visible focus
indicator (an outline or a box shadow), as WCAG 2.4.7 asks.
"""

from tests.e2e.journey import E2E, PASSWORD

pytestmark = E2E

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
    text: (el.innerText || el.value || '').trim().slice(0, 40),
    visible: Boolean(outline || shadow),
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
  };
}"""


def press_tab_until(page, predicate, *, limit=60):
    """Tab forward until `predicate(focused)` holds; every stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        assert focused is not None, "focus left the page"
        assert focused["visible"], f"no visible focus on {focused}"
        assert focused["onScreen"], f"focused element off screen: {focused}"
        if predicate(focused):
            return focused
    raise AssertionError(f"never reached the wanted element in {limit} tabs")


def test_skip_link_is_first_visible_on_focus_and_moves_to_main(journey, world):
    page = journey.page
    page.goto(journey.url("/en/partners/"))
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE)
    assert focused["text"] == "Skip to main content"
    assert focused["visible"] and focused["onScreen"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


def test_directory_filters_work_with_the_keyboard_alone(journey, world):
    partner = world["partner_a"]
    page = journey.page
    page.goto(journey.url("/en/partners/"))
    press_tab_until(page, lambda f: f["name"] == "q")
    page.keyboard.type(partner.name_en)
    press_tab_until(page, lambda f: f["name"] == "sector")
    page.keyboard.type("Educ")  # a closed <select> picks the option that starts so
    assert page.locator("select[name=sector]").input_value() == "education"
    press_tab_until(page, lambda f: f["tag"] == "button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/partners/?*")
    page.wait_for_load_state("networkidle")  # the directory updates its results in place
    assert "sector=education" in page.url
    results = page.locator("#results .partner-list")
    assert partner.name_en in results.inner_text()
    assert world["partner_b"].name_en not in results.inner_text()
    # On to the profile, still by keyboard.
    press_tab_until(page, lambda f: f["tag"] == "a" and f["text"] == partner.name_en)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/en/partners/{partner.slug}/")
    assert partner.name_en in page.locator("h1").inner_text()


def test_login_form_works_with_the_keyboard_alone(journey, world):
    user = world["users"]["editor_a"]
    page = journey.page
    page.goto(journey.url("/en/accounts/login/"))
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STYLE)
    assert first["text"] == "Skip to main content", "the login page needs the skip link"
    press_tab_until(page, lambda f: f["name"] == "login")
    page.keyboard.type(user.email)
    press_tab_until(page, lambda f: f["name"] == "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/my/")
    assert page.locator("h1").is_visible()

"""The statistics page, its world map and small screens, in Chromium.

axe on the statistics page (charts, tables, map) and on the home page's small
map; a keyboard journey from a country on the map to the directory filtered
by that country; at 390 pixels, the menu and the filters fold behind their
controls and open with the keyboard, and nothing scrolls sideways.
"""

from tests.e2e.journey import E2E

pytestmark = E2E

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    label: el.getAttribute('aria-label') || (el.textContent || '').trim().slice(0, 60),
    visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_statistics_and_map_pass_axe_in_three_languages(journey, world):
    page = journey.new_page(axe=True)
    for path in ("/en/statistics/", "/fr/statistics/?map=delegates", "/es/statistics/", "/en/"):
        page.goto(journey.url(path))
        journey.axe_check(page)
    journey.assert_no_page_errors()


def test_keyboard_from_a_country_on_the_map_to_the_filtered_directory(journey, world):
    partner = world["partner_b"]  # headquartered in Senegal
    page = journey.page
    page.goto(journey.url("/en/statistics/"))
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused is not None, "focus left the page"
        assert focused["visible"], f"no visible focus on {focused}"
        if focused["label"].startswith("Senegal:"):
            break
    else:
        raise AssertionError("never reached Senegal on the map")
    assert "partners headquartered" in focused["label"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/partners/?country=SN")
    assert page.locator("#results").get_by_text(partner.name_en).count() == 1
    journey.assert_no_page_errors()


def test_small_screen_folds_menu_and_filters_behind_controls(journey, world):
    page = journey.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(journey.url("/en/partners/?sector=education"))
    directory_link = page.locator(".main-nav").get_by_role("link", name="Partner NGOs")
    assert not directory_link.is_visible()
    menu = page.locator(".nav-menu > summary")
    menu.focus()
    page.keyboard.press("Enter")
    assert directory_link.is_visible()
    search = page.locator("input[name=q]")
    assert not search.is_visible()
    summary = page.locator(".filter-panel > summary")
    assert "1 active" in summary.inner_text()
    summary.focus()
    page.keyboard.press("Enter")
    assert search.is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    for path in ("/en/statistics/", "/fr/partners/partner-a/", "/es/"):
        page.goto(journey.url(path))
        assert page.evaluate(NO_SIDEWAYS_SCROLL), path
    journey.assert_no_page_errors()


def test_wide_screen_shows_menu_and_filters_without_their_controls(journey, world):
    page = journey.page
    page.goto(journey.url("/en/partners/"))
    assert page.locator(".main-nav").get_by_role("link", name="Partner NGOs").is_visible()
    assert page.locator("input[name=q]").is_visible()
    assert not page.locator(".filter-panel > summary").is_visible()

"""Every button style is readable, at rest and under the pointer.

"Withdraw" on an event registration and the Secretariat's Publish/Unpublish/
Delete on outcome documents were white on white until hovered: `button`
gives white text, `.link-button` took the background away. axe's
colour-contrast rule sees the page at rest only, so the hovered state is
measured here too, with the WCAG formula.
"""

import pytest

from tests.e2e.journey import E2E

pytestmark = E2E

# Each style the templates use, in the places they are used (page body, a
# table cell, the header).
STYLES = ["button", "button-secondary", "button-danger", "link-button"]

SAMPLE_JS = """styles => {
  const main = document.querySelector('main');
  const box = document.createElement('div');
  box.id = 'button-samples';
  for (const style of styles) {
    for (const tag of ['button', 'a']) {
      const el = document.createElement(tag);
      el.className = style;
      el.textContent = 'Sample ' + tag + ' ' + style;
      if (tag === 'a') el.href = '#';
      box.appendChild(el);
    }
  }
  main.prepend(box);
}"""

CONTRAST_JS = """el => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = null;
  for (let node = el; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) { bg = c.slice(0, 3); break; }
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def contrasts(page, selector):
    result = {}
    for element in page.locator(selector).all():
        name = element.inner_text()
        result[name] = element.evaluate(CONTRAST_JS)
        element.hover()
        result[f"{name} (hover)"] = element.evaluate(CONTRAST_JS)
    return result


@pytest.mark.parametrize("path", ["/en/", "/fr/partners/"])
def test_every_button_style_has_contrast_at_rest_and_hovered(journey, path):
    page = journey.new_page(axe=True)
    page.goto(journey.url(path))
    page.evaluate(SAMPLE_JS, STYLES)
    measured = contrasts(page, "#button-samples > *")
    assert len(measured) == len(STYLES) * 2 * 2
    low = {name: round(ratio, 2) for name, ratio in measured.items() if ratio < 4.5}
    assert low == {}
    journey.axe_check(page)


def test_outcome_document_and_registration_buttons_are_readable(journey, world):
    event = world["ciong"]  # with a published and an unpublished outcome document
    page = journey.as_user(world["users"]["secretariat"], axe=True)
    page.goto(journey.url(f"/en/forums/{event.slug}/documents/"))
    measured = contrasts(page, "main button.link-button")
    assert {"Publish", "Unpublish", "Delete"} <= {name.split()[0] for name in measured}
    assert {name: ratio for name, ratio in measured.items() if ratio < 4.5} == {}
    journey.axe_check(page)

    # The editor of the NGO whose representative is registered can withdraw it.
    page = journey.as_user(world["users"]["editor_a"], axe=True)
    page.goto(journey.url(f"/en/forums/{event.slug}/"))
    if event.registration_open:
        measured = contrasts(page, "main button.link-button")
        assert "Withdraw" in {name.split()[0] for name in measured}
        assert {name: ratio for name, ratio in measured.items() if ratio < 4.5} == {}
    journey.axe_check(page)

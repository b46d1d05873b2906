"""The open-data page and the JSON-LD blocks in Chromium: no CSP violation
(a JSON-LD block is data, which `script-src 'self'` does not refuse), the
blocks parse in the browser, and the page passes axe in three languages."""

from tests.e2e.journey import E2E

pytestmark = E2E

READ_JSON_LD = """() => Array.from(
  document.querySelectorAll('script[type="application/ld+json"]'),
  (element) => JSON.parse(element.textContent)
)"""


def test_json_ld_parses_and_breaks_no_content_security_policy(journey, world):
    page = journey.page
    page.goto(journey.url("/en/partners/partner-a/"))
    [partner] = page.evaluate(READ_JSON_LD)
    assert partner["@type"] == "NGO" and partner["name"] == "Partner A"
    page.goto(journey.url("/fr/forums/ciong-open/"))
    [event] = page.evaluate(READ_JSON_LD)
    assert event["@type"] == "Event" and event["startDate"]
    journey.assert_no_page_errors()


def test_open_data_page_passes_axe_and_downloads_the_dump(journey, world):
    page = journey.new_page(axe=True)
    for language in ("en", "fr", "es"):
        page.goto(journey.url(f"/{language}/open-data/"))
        journey.axe_check(page)
    page.locator(".open-data-resource details summary").first.click()
    journey.axe_check(page)
    with page.expect_download() as download:
        page.locator('a[href="/open-data/ngo-unesco-open-data.zip"]').first.click()
    assert download.value.suggested_filename == "ngo-unesco-open-data.zip"
    journey.assert_no_page_errors()

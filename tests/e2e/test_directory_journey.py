"""A visitor searches and filters the directory in French, opens a profile,
switches to Spanish on the same page, and downloads the CSV export."""

import csv
import io
from pathlib import Path

from tests.e2e.journey import E2E

pytestmark = E2E


def test_visitor_searches_in_french_opens_profile_and_switches_language(journey, world):
    partner = world["partner_a"]
    page = journey.new_page(language="fr", axe=True)
    page.goto(journey.url("/fr/partners/"))
    page.locator("input[name=q]").fill(partner.name_fr)
    page.locator("select[name=sector]").select_option("education")
    page.locator("form.filters [type=submit]").click()
    page.wait_for_url("**/fr/partners/?*")
    page.wait_for_load_state("networkidle")  # the directory updates its results in place
    results = page.locator("#results")
    assert partner.name_fr in results.inner_text()
    assert world["partner_b"].name_fr not in results.inner_text()
    journey.axe_check(page)

    page.locator("#results").get_by_role("link", name=partner.name_fr).click()
    page.wait_for_url(f"**/fr/partners/{partner.slug}/")
    assert partner.name_fr in page.locator("h1").inner_text()
    assert partner.mission_fr in page.locator("main").inner_text()
    journey.axe_check(page)

    page.locator(".language-switcher a[hreflang=es]").click()
    page.wait_for_url(f"**/es/partners/{partner.slug}/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert partner.name_es in page.locator("h1").inner_text()
    assert partner.mission_es in page.locator("main").inner_text()


def test_export_link_downloads_the_filtered_directory_as_csv(journey, world):
    page = journey.new_page(language="en")
    page.goto(journey.url("/en/partners/?sector=education"))
    with page.expect_download() as download_info:
        page.locator("#results a[href*='export.csv']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[0] for row in rows[1:]]
    assert world["partner_a"].name_en in names
    assert world["partner_b"].name_en not in names

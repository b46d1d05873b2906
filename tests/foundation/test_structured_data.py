"""JSON-LD blocks (foundation/structured_data.py): parseable, and partner text
cannot close the script element."""

import json
import re

from foundation.structured_data import json_ld_script

HOSTILE = '</script><script>alert("x")</script> & "quotes" <!--'


def _parse(html: str) -> dict:
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S)
    assert match, html
    return json.loads(match.group(1))


def test_it_renders_a_parseable_block():
    html = json_ld_script({"@type": "NGO", "name": "Réseau Éducation", "sameAs": []})
    assert _parse(html) == {"@type": "NGO", "name": "Réseau Éducation"}


def test_hostile_text_cannot_break_out_and_reads_back_unchanged():
    html = json_ld_script({"@type": "NGO", "name": HOSTILE})
    # One script element, closed once, at the end.
    assert html.count("</script>") == 1 and html.endswith("</script>")
    assert "<script>" not in html and "<!--" not in html
    assert _parse(html)["name"] == HOSTILE


def test_nothing_for_no_data():
    assert json_ld_script(None) == ""

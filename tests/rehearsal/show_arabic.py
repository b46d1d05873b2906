"""Run under tests.rehearsal.arabic_settings, on a migrated scratch database.

Creates a partner with Arabic content, an NGO editor and a Secretariat
account, fetches the pages with Django's test client and prints what a
reader would check, as JSON, for tests/rehearsal/test_arabic.py.
"""

import json
import re

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from partners.search import refresh_search_documents  # noqa: E402
from tests.conftest import add_totp, sign_in, verified  # noqa: E402
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory  # noqa: E402

NAME_AR = "الرابطة العالمية للتعليم مدى الحياة"
MISSION_AR = "تعمل الرابطة على تعزيز التعلم مدى الحياة للجميع في كل البلدان."


def page(client, url):
    response = client.get(url)
    html = response.content.decode()
    tag = re.search(r"<html[^>]*>", html)
    return {"status": response.status_code, "html_tag": tag.group(0) if tag else "", "text": html}


def main():
    setup_test_environment()
    partner = PartnerFactory(
        name_en="World Association for Lifelong Learning",
        slug="world-association-lifelong-learning",
        name_ar=NAME_AR,
        mission_ar=MISSION_AR,
        published=True,
    )
    refresh_search_documents([partner.pk])
    editor = verified(PartnerEditorFactory(partner=partner, user__email="editor@example.org").user)
    secretariat = verified(
        UserFactory(email="secretariat@example.org", is_secretariat=True, is_staff=True)
    )
    add_totp(secretariat)

    visitor = Client()
    editor_client = Client()
    sign_in(editor_client, editor)
    admin_client = Client()
    sign_in(admin_client, secretariat)
    out = {
        "directory": page(visitor, "/ar/partners/"),
        "profile": page(visitor, f"/ar/partners/{partner.slug}/"),
        "search": page(visitor, "/ar/partners/?q=" + "الرابطة"),
        "search_other": page(visitor, "/ar/partners/?q=" + "الفضاء"),
        "form": page(editor_client, "/ar/my/organisation/"),
        "admin": page(admin_client, f"/admin/partners/partner/{partner.pk}/change/"),
    }
    print(json.dumps(out))


main()

"""The Secretariat's import page: a dry run shows the diff, the confirmation
needs a recent re-authentication, hostile uploads get a message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from partners.models import Partner
from tests.conftest import sign_in
from tests.foundation.accounts.helpers import mark_reauthenticated
from tests.partners.imports.helpers import csv_bytes, run
from tests.partners.imports.test_errors import _zip_bomb

pytestmark = pytest.mark.django_db

PAGE = "/en/my/secretariat/import/"
APPLY = "/en/my/secretariat/import/apply/"
TEMPLATE = "/en/my/secretariat/import/template.xlsx"
FILE = csv_bytes(
    "slug,name_en,status,since,country,city\n"
    "alpha,Alpha NGO,consultative,2015-03-01,SN,Dakar\n"
    "beta,Beta NGO,consultative,2016-03-01,Atlantis,Nowhere\n"
)


def upload(data: bytes, name: str = "partners.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def staff(client, secretariat, private_storage_dir):
    sign_in(client, secretariat, fresh=False)
    return client


def test_the_dry_run_shows_problems_and_changes_and_writes_nothing(staff):
    response = staff.post(PAGE, {"file": upload(FILE)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "What this file would change" in page
    assert "Unknown country" in page and "Atlantis" in page
    assert "Alpha NGO" in page and "new partner" in page
    assert 'name="token"' in page
    assert Partner.objects.count() == 0


def test_the_confirmation_waits_for_a_fresh_sign_in(staff, secretariat, private_storage_dir):
    response = staff.post(PAGE, {"file": upload(FILE)})
    token = response.context["confirm"].initial["token"]
    response = staff.post(APPLY, {"token": token, "mode": "valid-only"})
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]
    assert Partner.objects.count() == 0
    mark_reauthenticated(staff, secretariat)
    response = staff.post(APPLY, {"token": token, "mode": "valid-only"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import done" in page
    assert "1 row with problems was left out." in page
    assert list(Partner.objects.values_list("slug", flat=True)) == ["alpha"]
    # The stored file is gone: the same confirmation cannot run twice.
    assert not any(path.is_file() for path in private_storage_dir.rglob("*"))
    response = staff.post(APPLY, {"token": token, "mode": "valid-only"})
    assert response.status_code == 400
    assert "expired or was already used" in response.content.decode()


def test_everything_or_nothing_refuses_a_file_with_problems(staff, secretariat):
    response = staff.post(PAGE, {"file": upload(FILE)})
    token = response.context["confirm"].initial["token"]
    mark_reauthenticated(staff, secretariat)
    response = staff.post(APPLY, {"token": token, "mode": "all"})
    assert response.status_code == 200
    assert "Nothing was written." in response.content.decode()
    assert Partner.objects.count() == 0


def test_a_forged_token_is_refused(staff, secretariat):
    mark_reauthenticated(staff, secretariat)
    response = staff.post(APPLY, {"token": "imports/../../settings.py", "mode": "all"})
    assert response.status_code == 400
    assert Partner.objects.count() == 0


def test_the_page_answers_in_french(staff):
    response = staff.post("/fr/my/secretariat/import/", {"file": upload(FILE)})
    page = response.content.decode()
    assert "Ce que ce fichier changerait" in page
    assert "Pays inconnu" in page


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "partners.csv", "neither a CSV file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "partners.xlsx", "neither a CSV file"),
        (b"", "empty.csv", "The submitted file is empty."),
    ],
)
def test_a_hostile_upload_gets_a_message_not_an_error(staff, data, name, message):
    response = staff.post(PAGE, {"file": upload(data, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Partner.objects.count() == 0


def test_a_zip_bomb_gets_a_message(staff):
    response = staff.post(PAGE, {"file": upload(_zip_bomb(), "partners.xlsx")})
    assert response.status_code == 400
    assert "expands to an unreasonable size" in response.content.decode()


def test_an_oversized_upload_is_refused_before_it_is_read(staff, settings):
    data = b"name_en\n" + b"x" * (settings.UPLOAD_MAX_BYTES + 300 * 1024)
    response = staff.post(PAGE, {"file": upload(data)})
    assert response.status_code == 413
    assert "The file is too large" in response.content.decode()


def test_the_template_lists_the_accepted_values_and_imports_as_empty(staff):
    response = staff.get("/fr" + TEMPLATE[3:])
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Partenaires", "Décisions", "Listes"]
    partners = workbook["Partenaires"]
    headings = [cell.value for cell in partners[1]]
    assert headings[:4] == ["Identifiant (slug)", "Nom", "Nom (Français)", "Nom (Anglais)"]
    # Kind, status, standing, sectors, country and region offer their lists.
    assert len(partners.data_validations.dataValidation) == 6
    values = workbook["Listes"]
    assert "Statut d'association" in [cell.value for cell in values["A"]]
    report = run(data, name="template.xlsx", language="es")
    assert not report.has_errors, report.problems
    assert report.nothing_to_change

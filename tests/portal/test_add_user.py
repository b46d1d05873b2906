import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from foundation.accounts.models import User
from partners.models import PartnerEditor
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def run(*args, stdin=""):
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        call_command("add_user", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_secretariat_is_created_verified_and_told_about_two_factor(client):
    output = run(
        "chief@unesco.example",
        "--role",
        "secretariat",
        "--password-stdin",
        stdin="a long enough passphrase 2025\n",
    )
    user = User.objects.get(email="chief@unesco.example")
    assert user.is_secretariat and user.check_password("a long enough passphrase 2025")
    assert EmailAddress.objects.get(user=user).verified
    assert "two-factor" in output
    sign_in(client, user)
    response = client.get("/en/my/secretariat/revisions/")
    assert response.status_code == 302
    assert "/2fa/totp/activate/" in response["Location"]


def test_ngo_editor_needs_an_existing_partner(partner_a):
    run("staff@ngo.example", "--role", "ngo-editor", "--partner", "partner-a")
    assert PartnerEditor.objects.get(user__email="staff@ngo.example").partner == partner_a
    with pytest.raises(CommandError, match="No partner"):
        run("other@ngo.example", "--role", "ngo-editor", "--partner", "nope")
    with pytest.raises(CommandError, match="required"):
        run("other@ngo.example", "--role", "ngo-editor")


def test_delegate_is_verified_for_a_valid_country():
    run("d@mission.example", "--role", "delegate", "--country", "sn")
    profile = User.objects.get(email="d@mission.example").delegate_profile
    assert profile.country.code == "SN" and profile.is_verified
    with pytest.raises(CommandError, match="ISO"):
        run("e@mission.example", "--role", "delegate", "--country", "XX")


def test_bad_email_and_weak_password_are_refused():
    with pytest.raises(CommandError, match="valid email"):
        run("not-an-email", "--role", "secretariat")
    with pytest.raises(CommandError):
        run("weak@example.org", "--role", "secretariat", "--password-stdin", stdin="123\n")
    assert not User.objects.filter(email="weak@example.org").exists()


def test_running_twice_is_idempotent(partner_a):
    run("staff@ngo.example", "--role", "ngo-editor", "--partner", "partner-a")
    run("staff@ngo.example", "--role", "ngo-editor", "--partner", "partner-a")
    assert User.objects.filter(email="staff@ngo.example").count() == 1
    assert PartnerEditor.objects.filter(user__email="staff@ngo.example").count() == 1


def test_liaison_names_an_editor_of_an_ngo_holding_a_seat(partner_a):
    import datetime

    from forums.models import CommitteeSeat, CommitteeTerm

    term = CommitteeTerm.objects.create(
        start_date=datetime.date(2000, 1, 1), end_date=datetime.date(2999, 1, 1)
    )
    CommitteeSeat.objects.create(term=term, kind="associate", partner=partner_a)
    run("liaison@ngo.example", "--role", "liaison", "--partner", "partner-a")
    assert PartnerEditor.objects.get(user__email="liaison@ngo.example").partner == partner_a
    assert list(term.members.all()) == []  # the command seats nobody


def test_liaison_is_refused_for_an_ngo_without_a_seat(partner_a):
    import datetime

    from forums.models import CommitteeTerm

    term = CommitteeTerm.objects.create(
        start_date=datetime.date(2000, 1, 1), end_date=datetime.date(2999, 1, 1)
    )
    with pytest.raises(CommandError, match="holds no seat"):
        run("liaison@ngo.example", "--role", "liaison", "--partner", "partner-a")
    assert not User.objects.filter(email="liaison@ngo.example").exists()
    assert list(term.members.all()) == []

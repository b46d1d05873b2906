"""foundation.links: one signed-link helper, whose age limit is the expiry it enforces."""

import base64
import datetime
import hashlib
import time

import pytest
from django.core import signing

from foundation.links import (
    MAX_TOKEN_LENGTH,
    LinkExpired,
    LinkInvalid,
    make_address_token,
    make_link_token,
    read_address_token,
    read_link_token,
    site_url,
)
from newsletter import tokens
from partners import services
from partners.tasks import invitation_token
from tests.partners.factories import PartnerInvitationFactory

DAY = 24 * 3600


@pytest.fixture
def days_ago(monkeypatch):
    """Make tokens as if it were `n` days ago (the signature's timestamp is time.time())."""

    def shift(n: float):
        real = time.time
        monkeypatch.setattr(signing.time, "time", lambda: real() - n * DAY)

        def restore():
            monkeypatch.setattr(signing.time, "time", real)

        return restore

    return shift


def test_a_token_reads_back_for_its_purpose_only():
    token = make_link_token("test.purpose", {"i": 3, "n": "x"})
    assert read_link_token("test.purpose", token, datetime.timedelta(days=1)) == {"i": 3, "n": "x"}
    with pytest.raises(LinkInvalid):
        read_link_token("other.purpose", token, None)


@pytest.mark.parametrize("token", ["", "x", "a" * 501, "abc:def:ghi", None])
def test_hostile_tokens_are_invalid(token):
    with pytest.raises(LinkInvalid):
        read_link_token("test.purpose", token, None)


def test_an_altered_token_is_invalid():
    token = make_link_token("test.purpose", "reader@example.org")
    with pytest.raises(LinkInvalid):
        read_link_token("test.purpose", token[:-2] + "xx", None)


def test_an_old_token_is_expired(days_ago):
    restore = days_ago(3)
    token = make_link_token("test.purpose", "v")
    restore()
    with pytest.raises(LinkExpired):
        read_link_token("test.purpose", token, datetime.timedelta(days=2))
    assert read_link_token("test.purpose", token, datetime.timedelta(days=4)) == "v"


def test_links_made_before_the_helper_still_read():
    # Invitations were signed uncompressed, newsletter links compressed.
    old_invitation = signing.dumps({"i": 1, "n": "abc"}, salt="partners.invitation")
    old_confirm = signing.dumps("a@example.org", salt="newsletter.confirm", compress=True)
    assert read_link_token("partners.invitation", old_invitation, 60) == {"i": 1, "n": "abc"}
    assert tokens.read_token(old_confirm, salt=tokens.CONFIRM_SALT, max_age=60) == "a@example.org"


@pytest.mark.django_db
def test_a_60_day_invitation_link_still_works_after_45_days(client, settings, days_ago):
    settings.PARTNER_INVITATION_DAYS = 60
    now = datetime.datetime.now(datetime.UTC)
    invitation = PartnerInvitationFactory(
        sent_at=now - datetime.timedelta(days=45),
        expires_at=now - datetime.timedelta(days=45) + services.invitation_validity(),
    )
    restore = days_ago(45)
    token = invitation_token(invitation)
    restore()
    response = client.get(f"/en/my/organisation/join/{token}/")
    assert response.status_code == 200
    assert "expired" not in response.text


@pytest.mark.django_db
def test_the_same_link_is_refused_after_the_invitation_validity(client, settings, days_ago):
    settings.PARTNER_INVITATION_DAYS = 14
    invitation = PartnerInvitationFactory()
    restore = days_ago(15)
    token = invitation_token(invitation)
    restore()
    response = client.get(f"/en/my/organisation/join/{token}/")
    assert response.status_code == 410
    assert "This invitation link has expired." in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "status"), [(6.9, 200), (8, 404)])
def test_a_newsletter_confirmation_link_works_for_seven_days(client, days_ago, age, status):
    restore = days_ago(age)
    token = tokens.make_token("reader@example.org", salt=tokens.CONFIRM_SALT)
    restore()
    response = client.get(f"/en/newsletters/subscribe/confirm/{token}/")
    assert response.status_code == status


def test_link_tokens_are_compressed_so_emailed_links_stay_short():
    # Links go into emails and must stay under MAX_TOKEN_LENGTH for long values.
    value = {"email": "a.rather.long.address.for.a.delegate@permanent-delegation.example.org"} | {
        "note": "x" * 300
    }
    token = make_link_token("purpose", value)
    assert len(token) < len(signing.dumps(value, salt="purpose"))
    assert read_link_token("purpose", token, max_age=60) == value


def test_a_token_of_the_longest_accepted_length_reads_back():
    # Text that barely compresses, so the token grows with the value: find a
    # value whose token is exactly MAX_TOKEN_LENGTH long (some lengths are
    # skipped, hence two kinds of text); one character more is refused.
    def candidates():
        for seed in ("a", "b"):
            digest = b"".join(hashlib.sha256(f"{seed}{i}".encode()).digest() for i in range(20))
            text = base64.b64encode(digest).decode()
            for length in range(250, 600):
                yield text[:length], make_link_token("test.purpose", text[:length])

    value, token = next((v, t) for v, t in candidates() if len(t) == MAX_TOKEN_LENGTH)
    assert read_link_token("test.purpose", token, None) == value
    with pytest.raises(LinkInvalid):
        read_link_token("test.purpose", token + "A", None)


@pytest.mark.parametrize("value", ["", "UPPER", "a" * 25, "a-b", "é"])
def test_an_address_token_refuses_a_value_an_address_cannot_carry(value):
    with pytest.raises(ValueError) as refused:
        make_address_token("test.purpose", value)
    assert str(refused.value) == "an address token carries 1 to 24 lower-case letters or digits"


def test_an_address_token_reads_back_for_its_purpose_only_and_folds_case():
    token = make_address_token("test.purpose", "subscriber42")
    assert read_address_token("test.purpose", token.upper()) == "subscriber42"
    for forged in (token[:-1] + "0", "", None, "subscriber42", make_address_token("other", "x")):
        with pytest.raises(LinkInvalid):
            read_address_token("test.purpose", forged)


@pytest.mark.parametrize(
    ("path", "address"),
    [
        ("/en/partners/cma/", "https://portal.example.org/en/partners/cma/"),
        (
            "/media/logos/x.png?v=http://elsewhere",
            "https://portal.example.org/media/logos/x.png?v=http://elsewhere",
        ),
        ("https://files.example.net/logo.png", "https://files.example.net/logo.png"),
        ("http://files.example.net/logo.png", "http://files.example.net/logo.png"),
        ("", ""),
    ],
)
def test_a_path_is_put_on_the_portals_address_once(settings, path, address):
    settings.SITE_URL = "https://portal.example.org"
    assert site_url(path) == address

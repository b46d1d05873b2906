"""Signed newsletter links (newsletter.tokens): only an address signed for the purpose."""

import datetime

import pytest
from django.core import signing

from newsletter import tokens


def test_a_token_gives_back_the_address_in_lower_case():
    token = tokens.make_token("Reader@Example.NET", salt=tokens.UNSUBSCRIBE_SALT)
    assert tokens.read_token(token, salt=tokens.UNSUBSCRIBE_SALT) == "reader@example.net"


def test_a_token_is_refused_for_another_purpose():
    token = tokens.make_token("reader@example.net", salt=tokens.UNSUBSCRIBE_SALT)
    assert tokens.read_token(token, salt=tokens.PREFERENCES_SALT) is None


@pytest.mark.parametrize("value", ["no-at-sign", ["reader@example.net"], 42, None])
def test_a_signed_value_that_is_not_an_address_is_refused(value):
    # Signed with the right key and salt, so only the content check stands in the way.
    token = signing.dumps(value, salt=tokens.UNSUBSCRIBE_SALT, compress=True)
    assert tokens.read_token(token, salt=tokens.UNSUBSCRIBE_SALT) is None


@pytest.mark.parametrize("token", ["", "x" * 501, "not-a-token"])
def test_an_empty_overlong_or_forged_token_is_refused(token):
    assert tokens.read_token(token, salt=tokens.UNSUBSCRIBE_SALT) is None


def test_a_confirmation_link_lasts_seven_days_unless_the_settings_say_otherwise(settings):
    assert tokens.confirm_max_age() == datetime.timedelta(days=7)
    settings.NEWSLETTER_CONFIRM_DAYS = 2
    assert tokens.confirm_max_age() == datetime.timedelta(days=2)

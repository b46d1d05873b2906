import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import PartnerRevisionFactory
from tests.factories import ActionFactory, DelegateProfileFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(ctx)


def test_measure(client, secretariat, editor_a, partner_a):
    ActionFactory(partner=partner_a)
    PartnerRevisionFactory(partner=PartnerFactory())
    DelegateProfileFactory()
    client.force_login(secretariat)
    one = {u: count(client, u) for u in ["/en/my/", "/en/my/secretariat/revisions/", "/en/my/secretariat/actions/", "/en/my/secretariat/delegates/"]}
    client.force_login(editor_a)
    one |= {u + " (editor)": count(client, u) for u in ["/en/my/", "/en/my/organisation/actions/", "/en/my/organisation/"]}
    for _ in range(15):
        ActionFactory(partner=partner_a)
        PartnerRevisionFactory(partner=PartnerFactory())
        DelegateProfileFactory()
    client.force_login(secretariat)
    many = {u: count(client, u) for u in ["/en/my/", "/en/my/secretariat/revisions/", "/en/my/secretariat/actions/", "/en/my/secretariat/delegates/"]}
    client.force_login(editor_a)
    many |= {u + " (editor)": count(client, u) for u in ["/en/my/", "/en/my/organisation/actions/", "/en/my/organisation/"]}
    for k in one:
        print("MEASURE", k, one[k], many[k])

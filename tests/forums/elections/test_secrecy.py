"""Ballot secrecy: nothing written while voting links a ballot to its voter.

The voters vote through the pages, as in life (sessions, middleware, the
audit log and the mail outbox all run). Then every table of the project and
every log record is read back, and the ballots' ids and receipts must appear
in the ballot table alone, which itself names no voter.
"""

import logging

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection

from forums.elections import services
from forums.models import Ballot, RollEntry, VoterMark
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.forums.elections.factories import ElectionFactory, candidature, close_voting, open_voting
from tests.forums.factories import RegistrationFactory
from tests.partners.factories import PartnerFactory

BALLOT_COLUMNS = {"id", "election_id", "receipt", "choices", "sealed"}


def _setup(n_voters=3):
    election = ElectionFactory()
    cands = [candidature(election, country=c) for c in ("SN", "FR", "BR", "JP")]
    voters = []
    for n in range(n_voters):
        partner = PartnerFactory(status="associate")
        voters.append(UserFactory(email=f"secret{n}@example.org"))
        RegistrationFactory(
            event=election.event,
            partner=partner,
            email=f"secret{n}@example.org",
            is_voting_delegate=True,
        )
    services.roll_close(election=election)
    open_voting(election)
    return election, cands, voters


def _vote_through_the_pages(client, election, voter, codes):
    sign_in(client, voter)
    response = client.post(
        f"/es/elections/{election.slug}/vote/", {"consultative": codes, "step": "cast"}
    )
    assert response.status_code == 200
    return response.context["receipt"]


def _every_row_as_text() -> dict[str, list[str]]:
    rows = {}
    for model in apps.get_models():
        values = [" ".join(map(str, row)) for row in model.objects.values_list()]
        if model is Session:
            values += [str(s.get_decoded()) for s in Session.objects.all()]
        rows[model._meta.db_table] = values
    return rows


@pytest.mark.django_db
def test_no_table_nor_log_links_a_ballot_to_its_voter(client, caplog):
    caplog.set_level(logging.DEBUG)
    election, cands, voters = _setup()
    receipts = [
        _vote_through_the_pages(client, election, voter, [cands[n].code])
        for n, voter in enumerate(voters)
    ]
    close_voting(election)
    services.election_count(election=election)

    ballots = list(Ballot.objects.all())
    assert sorted(b.receipt for b in ballots) == sorted(receipts)
    secrets_ = {str(b.id) for b in ballots} | {b.receipt for b in ballots}
    for table, rows in _every_row_as_text().items():
        if table == Ballot._meta.db_table:
            continue
        for row in rows:
            assert not any(s in row for s in secrets_), f"{table} holds a ballot's id or receipt"
    for record in caplog.records:
        assert not any(s in record.getMessage() for s in secrets_)
    for message in mail.outbox:
        assert not any(s in message.body or s in message.subject for s in secrets_)

    # The ballot table has no column that could name, date or order a voter.
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "forums_ballot")
        }
    assert columns == BALLOT_COLUMNS
    voter_marks = {
        str(v) for v in RollEntry.objects.values_list("pk", "partner_id", "delegate_email")
    }
    ballot_text = " ".join(" ".join(map(str, r)) for r in Ballot.objects.values_list())
    for user in voters:
        assert user.email not in ballot_text
    assert voter_marks  # the roll exists; its rows appear in no ballot
    # No model points at a ballot, and neither the ballots nor the marks are audited.
    assert [f for f in Ballot._meta.get_fields() if f.is_relation and f.auto_created] == []
    audited = LogEntry.objects.filter(
        content_type__in=[
            ContentType.objects.get_for_model(Ballot),
            ContentType.objects.get_for_model(VoterMark),
        ]
    )
    assert audited.count() == 0
    # The mark says who voted, never how: it names no ballot.
    assert {f.name for f in VoterMark._meta.concrete_fields} == {
        "id",
        "election",
        "roll_entry",
        "sealed",
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.concurrency
def test_sealing_at_the_count_removes_the_transaction_id_link(client):
    """PostgreSQL stamps each row with the id of the transaction that wrote it
    (xmin): while voting, a ballot shares it with its voter's mark. The count
    rewrites both tables in one transaction, after which every row has the same."""
    election, cands, voters = _setup(n_voters=2)
    for n, voter in enumerate(voters):
        _vote_through_the_pages(client, election, voter, [cands[n].code])

    def xmins(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table}")  # noqa: S608 - fixed names
            return {row[0] for row in cursor.fetchall()}

    before_ballots, before_marks = xmins("forums_ballot"), xmins("forums_votermark")
    assert len(before_ballots) == 2 and before_ballots == before_marks  # the link, before
    close_voting(election)
    services.election_count(election=election)
    after = xmins("forums_ballot") | xmins("forums_votermark")
    assert len(after) == 1 and after.isdisjoint(before_ballots)

"""How each role of the permission matrix is made.

The Liaison Committee role depends on the forums app: make_liaison_member
gives the user's NGO a seat in the current committee term (the role follows
the elected seats), and the group "liaison-group", which has a draft and a
published document, names the user a managing member.
"""


def make_liaison_member(user, *, partner) -> None:
    """Give `user` the Liaison Committee role (committee and working-group member)."""
    from forums.models import CommitteeSeat
    from tests.forums.factories import (
        CommitteeTermFactory,
        DocumentFactory,
        WorkingGroupFactory,
        WorkingGroupMembershipFactory,
    )

    term = CommitteeTermFactory()
    CommitteeSeat.objects.create(term=term, kind="consultative", partner=partner)
    term.members.add(partner)
    group = WorkingGroupFactory(slug="liaison-group", name_en="Liaison working group")
    group.member_partners.add(partner)
    WorkingGroupMembershipFactory(working_group=group, user=user, partner=partner)
    DocumentFactory(working_group=group, title_en="Liaison draft", created_by=user)
    DocumentFactory(working_group=group, title_en="Liaison published", published=True)

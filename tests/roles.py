"""How each role of the permission matrix is made.

The Liaison Committee role depends on the forums app: make_liaison_member
adds the user's NGO to the current committee, and the user to a working
group (slug "liaison-group") that has a draft and a published document.
"""


def make_liaison_member(user, *, partner) -> None:
    """Give `user` the Liaison Committee role (committee and working-group member)."""
    from tests.forums.factories import (
        CommitteeTermFactory,
        DocumentFactory,
        WorkingGroupFactory,
        WorkingGroupMembershipFactory,
    )

    term = CommitteeTermFactory()
    term.members.add(partner)
    group = WorkingGroupFactory(slug="liaison-group", name_en="Liaison working group")
    group.member_partners.add(partner)
    WorkingGroupMembershipFactory(working_group=group, user=user, partner=partner)
    DocumentFactory(working_group=group, title_en="Liaison draft", created_by=user)
    DocumentFactory(working_group=group, title_en="Liaison published", published=True)

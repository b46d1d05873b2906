"""The role questions every app builds on (foundation.accounts.permissions) and the
NGO editor's partner (partners.permissions), with the expected answers written out."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from foundation.accounts import permissions
from partners import permissions as partner_permissions
from tests.dialogue.factories import make_delegate
from tests.factories import ActionFactory, PartnerEditorFactory, PartnerFactory, sector_for

pytestmark = pytest.mark.django_db


def test_two_factor_is_the_users_own_totp(secretariat, secretariat_without_mfa):
    assert permissions.owns_second_factor(secretariat)
    # Another user's TOTP, or recovery codes alone, do not count.
    Authenticator.objects.create(
        user=secretariat_without_mfa, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    assert not permissions.owns_second_factor(secretariat_without_mfa)
    assert permissions.can_act_as_secretariat(secretariat)
    assert not permissions.can_act_as_secretariat(secretariat_without_mfa)


def test_verified_delegate_profile_only_for_an_active_verified_delegate(secretariat):
    verified = make_delegate("verified@example.org", "SN")
    assert permissions.verified_delegate_profile(verified) == verified.delegate_profile
    unverified = make_delegate("unverified@example.org", "SN", is_verified=False)
    inactive = make_delegate("inactive@example.org", "SN")
    inactive.is_active = False
    inactive.save()
    for user in [unverified, inactive, secretariat, AnonymousUser(), None]:
        assert permissions.verified_delegate_profile(user) is None, user


def test_editor_partner_only_for_an_active_editor():
    editor = PartnerEditorFactory(user__email="editor@example.org").user
    assert partner_permissions.editor_partner(editor) == editor.partner_editor.partner
    inactive = PartnerEditorFactory(user__email="gone@example.org").user
    inactive.is_active = False
    inactive.save()
    assert partner_permissions.editor_partner(inactive) is None
    assert partner_permissions.editor_partner(AnonymousUser()) is None


def test_editor_partner_is_read_once_per_request(django_assert_num_queries):
    editor = PartnerEditorFactory(user__email="editor@example.org").user
    with django_assert_num_queries(1):
        first = partner_permissions.editor_partner(editor)
        assert partner_permissions.editor_partner(editor) == first


def test_own_action_or_404_finds_only_the_editors_own_action(django_assert_num_queries):
    editor = PartnerEditorFactory(user__email="editor@example.org").user
    ActionFactory(partner=editor.partner_editor.partner)  # another of the editor's own
    own = ActionFactory(partner=editor.partner_editor.partner)
    own.sectors.set([sector_for("culture")])
    other = ActionFactory(partner=PartnerFactory())
    partner_permissions.editor_partner(editor)  # the partner is cached on the user
    with django_assert_num_queries(2):  # the action, then its sectors
        action = partner_permissions.get_own_action_or_404(editor, own.pk)
    assert action == own
    with django_assert_num_queries(0):  # the edit form shows them without asking again
        assert [sector.code for sector in action.sectors.all()] == ["culture"]
    with pytest.raises(Http404):
        partner_permissions.get_own_action_or_404(editor, other.pk)

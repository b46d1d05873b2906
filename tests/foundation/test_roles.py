"""foundation.roles: each kind of user's roles, worked out once, and the one
role decorator built on them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from dialogue import permissions as dialogue_permissions
from dialogue.models import State
from forums import permissions as forums_permissions
from foundation.accounts.decorators import role_required
from foundation.accounts.permissions import (
    can_act_as_secretariat,
    mark_second_factor,
    verified_delegate_profile,
)
from foundation.roles import VISITOR, Roles, focal_point_sector_ids, roles_for
from partners import permissions as partners_permissions
from partners.models import Sector
from tests.conftest import sign_in
from tests.dialogue.factories import DialogueRequestFactory
from tests.partners.lifecycle.factories import focal_point

pytestmark = pytest.mark.django_db


def _as_loaded_by_a_request(user):
    """A fresh user object, as the authentication middleware gives a view."""
    return get_user_model().objects.get(pk=user.pk)


def test_roles_of_a_visitor_are_none():
    assert roles_for(AnonymousUser()) == VISITOR
    assert not VISITOR.secretariat and not VISITOR.editor and not VISITOR.verified_delegate


def test_roles_of_a_secretariat_session_that_passed_two_factor(secretariat):
    roles = roles_for(secretariat)
    assert roles.is_secretariat and roles.second_factor_passed and roles.secretariat
    assert roles.edited_partner_id is None and roles.verified_delegate_country is None


def test_roles_of_a_secretariat_session_without_second_factor(secretariat_without_mfa):
    user = _as_loaded_by_a_request(secretariat_without_mfa)
    mark_second_factor(user, passed=False)
    roles = roles_for(user)
    assert roles.is_secretariat and not roles.secretariat
    assert not can_act_as_secretariat(user)


def test_roles_of_an_editor_of_a_published_partner(editor_a, partner_a):
    roles = roles_for(_as_loaded_by_a_request(editor_a))
    assert roles == Roles(
        signed_in=True, edited_partner_id=partner_a.pk, edited_partner_published=True
    )
    assert roles.editor and roles.public_partner_id == partner_a.pk
    assert not roles.secretariat and not roles.verified_delegate


def test_roles_of_a_verified_and_an_unverified_delegate(verified_delegate, unverified_delegate):
    verified = roles_for(_as_loaded_by_a_request(verified_delegate))
    assert verified.verified_delegate and verified.verified_delegate_country == "SN"
    assert not verified.editor and not verified.secretariat
    unverified = roles_for(_as_loaded_by_a_request(unverified_delegate))
    assert unverified == Roles(signed_in=True)
    assert verified_delegate_profile(_as_loaded_by_a_request(unverified_delegate)) is None


def test_an_inactive_account_has_no_roles(editor_a):
    editor_a.is_active = False
    editor_a.save()
    assert roles_for(_as_loaded_by_a_request(editor_a)) == VISITOR


def test_an_editor_of_an_unpublished_partner_keeps_self_service_but_speaks_for_no_one(
    client, editor_a, partner_a
):
    partner_a.published = False
    partner_a.save()
    user = _as_loaded_by_a_request(editor_a)
    roles = roles_for(user)
    assert roles.editor and roles.edited_partner_id == partner_a.pk
    assert not roles.edited_partner_published and roles.public_partner_id is None
    # partners and forums: the editor role holds (self-service, registrations).
    assert partners_permissions.editor_partner(user) == partner_a
    # dialogue: an interest may name the partner in public, so it is refused.
    call = DialogueRequestFactory(state=State.ACCEPTED)
    assert not dialogue_permissions.can_express_interest(user, call)
    # The editor's own pages still open; the public directory page does not.
    sign_in(client, editor_a)
    assert client.get("/en/my/organisation/").status_code == 200
    client.logout()
    assert client.get(partner_a.get_absolute_url()).status_code == 404


def test_a_requests_roles_cost_one_query_at_most(
    django_assert_max_num_queries, editor_a, verified_delegate, secretariat
):
    call = DialogueRequestFactory(state=State.ACCEPTED)
    for someone in (editor_a, verified_delegate, secretariat):
        user = _as_loaded_by_a_request(someone)
        mark_second_factor(user, passed=True)
        with django_assert_max_num_queries(1):
            for _ask_again in range(3):
                roles_for(user)
            can_act_as_secretariat(user)
            verified_delegate_profile(user)
            partners_permissions.editor_partner(user)
            forums_permissions.is_secretariat(user)
            dialogue_permissions.can_express_interest(user, call)


def test_a_visitors_roles_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        roles_for(AnonymousUser())


def test_a_user_loaded_by_a_task_has_no_secretariat_powers(secretariat):
    """A Celery task loads the user by id: no session, so no second-factor mark."""
    user = _as_loaded_by_a_request(secretariat)
    roles = roles_for(user)
    assert roles.is_secretariat and not roles.second_factor_passed
    assert not can_act_as_secretariat(user)
    assert not forums_permissions.is_secretariat(user)


def test_marking_the_second_factor_works_the_roles_out_again(secretariat_without_mfa):
    user = _as_loaded_by_a_request(secretariat_without_mfa)
    assert not roles_for(user).secretariat
    mark_second_factor(user, passed=True)
    assert roles_for(user).secretariat


def _guarded(*roles):
    return role_required(*roles)(lambda request: HttpResponse("inside"))


def _request(user):
    request = RequestFactory().get("/en/my/secretariat/")
    request.user = user
    return request


def test_role_required_sends_a_visitor_to_the_login_page():
    response = _guarded("secretariat")(_request(AnonymousUser()))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_role_required_sends_a_secretariat_session_without_two_factor_to_the_second_factor(
    secretariat_without_mfa,
):
    user = _as_loaded_by_a_request(secretariat_without_mfa)
    mark_second_factor(user, passed=False)
    response = _guarded("secretariat")(_request(user))
    assert response.status_code == 302 and "/totp/activate/" in response["Location"]


def test_role_required_refuses_other_roles_and_admits_any_listed_one(editor_a, verified_delegate):
    editor = _as_loaded_by_a_request(editor_a)
    with pytest.raises(PermissionDenied):
        _guarded("secretariat", "verified_delegate")(_request(editor))
    assert _guarded("secretariat", "editor")(_request(editor)).content == b"inside"
    delegate = _as_loaded_by_a_request(verified_delegate)
    assert _guarded("verified_delegate")(_request(delegate)).content == b"inside"


def test_role_required_refuses_an_unknown_role_when_the_view_is_defined():
    with pytest.raises(ValueError, match="unknown roles"):
        role_required("secretary")


def test_a_focal_points_sectors_are_read_once_and_a_closed_account_has_none(
    django_assert_num_queries,
):
    user = focal_point("culture")
    with django_assert_num_queries(1):
        first = focal_point_sector_ids(user)
        assert focal_point_sector_ids(user) == first  # the second read is cached
    assert first == {Sector.objects.get(code="culture").pk}
    closed = focal_point("education", is_active=False)
    with django_assert_num_queries(0):
        assert focal_point_sector_ids(closed) == frozenset()
    assert focal_point_sector_ids(AnonymousUser()) == frozenset()

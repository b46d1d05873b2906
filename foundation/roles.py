"""A user's roles, worked out once per user object and shared by every rule.

Each app's permissions.py answers "may this user do that to this object" and
builds on the roles below; none of them looks up a role again.

`roles_for(user)` costs one query at most for a signed-in user (none for a
visitor): the user row again, joined to the NGO editor link, its partner and
the delegate profile. The answer is kept on the user object, and the linked
objects are put in the user's relation cache, so `user.partner_editor.partner`
and `user.delegate_profile` cost nothing afterwards. A request's user lives as
long as the request, so that is once per request.

The foundation imports no app: the editor link is reached through the user
model's reverse accessor `partner_editor` (partners.PartnerEditor, one-to-one)
and only its fields are read.

Secretariat powers need the session's second factor. `SecondFactorMiddleware`
marks the request's user (`mark_second_factor`); a user object that did not
come from a request (a Celery task, a shell) carries no mark, so its roles
have `second_factor_passed=False` and no Secretariat powers.

Unpublished partners, decided here once: an editor of an unpublished partner
keeps the editor role (`edited_partner_id`) for their own organisation's
self-service, while the public never sees the partner. The apps apply it so:

- partners: the editor pages (profile, revisions, actions) and the dashboard
  panel use `edited_partner_id`: self-service works before publication; the
  directory and profile pages show published partners only (partners.selectors).
- forums: working-group reading and event registration use `edited_partner_id`:
  a registration is seen by the Secretariat and the partner's own editors only.
- dialogue: an expression of interest uses `public_partner_id`, the partner
  only if published: a selected interest names the partner on the public
  hearing page, which must never show an unpublished partner.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

SECOND_FACTOR_MARK = "session_passed_second_factor"
_CACHE = "_roles_cache"
_EDITOR_LINK = "partner_editor"
_DELEGATE_PROFILE = "delegate_profile"


@dataclass(frozen=True)
class Roles:
    signed_in: bool = False
    is_secretariat: bool = False
    """A Secretariat account, whether or not this session passed two-factor."""
    second_factor_passed: bool = False
    edited_partner_id: int | None = None
    edited_partner_published: bool = False
    verified_delegate_country: str | None = None

    @property
    def secretariat(self) -> bool:
        """Secretariat powers: the role and a session that passed two-factor."""
        return self.is_secretariat and self.second_factor_passed

    @property
    def editor(self) -> bool:
        return self.edited_partner_id is not None

    @property
    def public_partner_id(self) -> int | None:
        """The edited partner, for acts that name it in public: published only."""
        return self.edited_partner_id if self.edited_partner_published else None

    @property
    def verified_delegate(self) -> bool:
        return self.verified_delegate_country is not None


VISITOR = Roles()


def mark_second_factor(user, *, passed: bool) -> None:
    """Record whether this session passed the second factor (the middleware's job)."""
    setattr(user, SECOND_FACTOR_MARK, passed)
    # The mark is part of the roles: work them out again when it changes.
    user.__dict__.pop(_CACHE, None)


def roles_for(user) -> Roles:
    """The user's roles, computed once per user object."""
    if not (user and user.is_authenticated and user.is_active):
        return VISITOR
    cached = user.__dict__.get(_CACHE)
    if cached is not None:
        return cached
    roles = _compute(user)
    user.__dict__[_CACHE] = roles
    return roles


def _compute(user) -> Roles:
    model = get_user_model()
    editor_field = model._meta.get_field(_EDITOR_LINK)
    profile_field = model._meta.get_field(_DELEGATE_PROFILE)
    if not (editor_field.is_cached(user) and profile_field.is_cached(user)):
        fresh = (
            model.objects.select_related(f"{_EDITOR_LINK}__partner", _DELEGATE_PROFILE)
            .filter(pk=user.pk)
            .first()
        )
        if fresh is None:
            return VISITOR
        # Share what the join brought: later reads of user.partner_editor and
        # user.delegate_profile cost no query (a missing link is cached as None).
        editor_field.set_cached_value(user, editor_field.get_cached_value(fresh))
        profile_field.set_cached_value(user, profile_field.get_cached_value(fresh))
    link = editor_field.get_cached_value(user)
    profile = profile_field.get_cached_value(user)
    return Roles(
        signed_in=True,
        is_secretariat=bool(user.is_secretariat),
        second_factor_passed=getattr(user, SECOND_FACTOR_MARK, False) is True,
        edited_partner_id=link.partner_id if link is not None else None,
        edited_partner_published=bool(link is not None and link.partner.published),
        verified_delegate_country=(
            str(profile.country) if profile is not None and profile.is_verified else None
        ),
    )


_FOCAL_POINT_CACHE = "_focal_point_sectors_cache"
_FOCAL_POINT_LINKS = "focal_point_sectors"


def focal_point_sector_ids(user) -> frozenset[int]:
    """The UNESCO sectors whose applications and reports `user` follows as a focal point.

    Read through the user model's reverse accessor to partners.SectorFocalPoint
    (the foundation imports no app); one query per user object, only when asked.
    """
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = user.__dict__.get(_FOCAL_POINT_CACHE)
    if cached is None:
        links = getattr(user, _FOCAL_POINT_LINKS)
        cached = frozenset(links.values_list("sector_id", flat=True))
        user.__dict__[_FOCAL_POINT_CACHE] = cached
    return cached

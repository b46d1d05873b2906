"""The table-driven permission test's vocabulary.

Each app's tests/<app>/permission_rows.py defines:

    def build(world: dict) -> None   # adds the objects its cases need to `world`
    CASES: list[Case]

`world` starts with partner_a, partner_b and one user per role (see ROLES);
a Case's path may be a string or a function of `world`. `expect` maps a role
to the status code it must get; roles not listed get `default`. A 302 means
"redirected to the login page" unless `redirect_contains` says otherwise for
that role. tests/test_permission_matrix.py walks every case with every role
and checks that every named URL of the project is covered by some case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = [
    "visitor",
    "editor_a",
    "editor_b",
    "liaison",
    "unverified_delegate",
    "verified_delegate",
    "applicant",
    "focal_point",
    "secretariat_nomfa",
    "secretariat_password_only",
    "secretariat",
]

# A Secretariat account that owns an authenticator but whose session passed
# the password alone (or was made by another login view) is refused exactly
# where one without two-factor is, and sent to enter its code instead of to
# set one up: unless a case lists it, it gets the secretariat_nomfa outcome.
PASSWORD_ONLY = "secretariat_password_only"
SECOND_FACTOR_STEPS = {"/2fa/totp/activate/": "/2fa/reauthenticate/"}

SECRETARIAT = {"secretariat": 200, "secretariat_nomfa": 302}


@dataclass
class Case:
    url_name: str
    path: str | Callable[[dict], str]
    expect: dict[str, int]
    default: int = 200
    method: str = "get"
    data: dict | Callable[[dict], dict] | None = None
    redirect_contains: dict[str, str] = field(default_factory=dict)
    # After a write that a role must not be able to make, this function of
    # `world` must still return True.
    unchanged: Callable[[dict], bool] | None = None
    # Only where a Secretariat session with an authenticator but without the
    # second factor is answered otherwise than one without an authenticator.
    password_only: int | None = None
    # Roles whose write is allowed (their 302 is the change itself, checked in
    # the app's own tests): `unchanged` is not asked after their request.
    may_change: tuple[str, ...] = ()

    def status_for(self, role: str) -> int:
        if role == PASSWORD_ONLY:
            if self.password_only is not None:
                return self.password_only
            return self.status_for("secretariat_nomfa")
        return self.expect.get(role, self.default)

    def redirect_for(self, role: str) -> str | None:
        if role == PASSWORD_ONLY and role not in self.redirect_contains:
            step = self.redirect_contains.get("secretariat_nomfa")
            return SECOND_FACTOR_STEPS.get(step, step)
        return self.redirect_contains.get(role)


def public(url_name: str, path, **kwargs) -> Case:
    """A page everyone may read."""
    return Case(url_name=url_name, path=path, expect={}, **kwargs)


def signed_in(url_name: str, path, **kwargs) -> Case:
    """A page any signed-in user may read; visitors are sent to the login page."""
    return Case(url_name=url_name, path=path, expect={"visitor": 302}, **kwargs)


def wrong_method(url_name: str, path, **kwargs) -> Case:
    """A method the view does not use: 405 for every role, visitors included,
    because the method check comes before the sign-in and role checks."""
    return Case(url_name=url_name, path=path, expect={}, default=405, **kwargs)


def secretariat_only(url_name: str, path, *, visitor: int = 302, **kwargs) -> Case:
    """Secretariat with two-factor only; without it, a redirect to set it up."""
    expect = dict.fromkeys(ROLES, 403)
    expect.update(visitor=visitor, **SECRETARIAT)
    return Case(
        url_name=url_name,
        path=path,
        expect=expect,
        redirect_contains={"secretariat_nomfa": "/2fa/totp/activate/", "visitor": "/login"},
        **kwargs,
    )

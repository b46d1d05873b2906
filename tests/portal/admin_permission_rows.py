"""The admin, row by row like every other URL.

The admin is the Secretariat's, in a session that passed the second factor:
a visitor is sent to the portal's sign-in (the admin has no form of its own),
other roles get 403, a Secretariat session without the second factor goes to
the second-factor step. Every model the admin shows has its list, add,
change, history and delete pages walked; the change pages open on an object
that `build` makes sure exists.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from tests.permission_matrix import ROLES, Case

STAFF_REDIRECTS = {
    "visitor": "/accounts/login/",
    "secretariat_nomfa": "/2fa/totp/activate/",
    "secretariat_password_only": "/2fa/reauthenticate/",
}


def staff(url_name: str, path, *, secretariat: int = 200, method: str = "get", **kwargs) -> Case:
    expect = dict.fromkeys(ROLES, 403) | {
        "visitor": 302,
        "secretariat_nomfa": 302,
        "secretariat_password_only": 302,
        "secretariat": secretariat,
    }
    return Case(
        url_name=url_name,
        path=path,
        expect=expect,
        method=method,
        redirect_contains=dict(STAFF_REDIRECTS),
        **kwargs,
    )


def _models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def _makers(world):
    """How to make a row of each model that no other module's world holds.

    A model added to the admin without a row anywhere fails `build` with its
    name: add its maker here."""
    import datetime

    from django.core.files.base import ContentFile

    from foundation.mail.models import Bounce, Email, Suppression
    from newsletter.models import IssueRendition
    from partners.models import PeriodicReport, ReviewCase, ReviewReminder, StatusChange
    from tests.factories import PartnerFactory
    from tests.forums.factories import (
        ProgrammeItemFactory,
        RecommendationFactory,
    )
    from tests.newsletter.factories import (
        DeliveryFactory,
        IssueFactory,
        SubscriberFactory,
    )

    # Rows of a partner of their own: the other modules' checks that nothing
    # changed look at partner A's history.
    partner = PartnerFactory(name_en="Admin row partner", slug="admin-row-partner")
    return {
        "mail.Email": lambda: Email.objects.create(
            key="admin-row",
            to="admin-row@example.org",
            template="partners-invitation",
            language="en",
            subject="Admin row",
            body="Admin row",
        ),
        "mail.Bounce": lambda: Bounce.objects.create(
            message_key="admin-row", kind=Bounce.Kind.HARD, email="admin-row@example.org"
        ),
        "mail.Suppression": lambda: Suppression.objects.create(
            email="admin-row-suppressed@example.org", reason="550"
        ),
        "forums.ProgrammeItem": ProgrammeItemFactory,
        "forums.Recommendation": RecommendationFactory,
        "newsletter.Subscriber": SubscriberFactory,
        "newsletter.Delivery": DeliveryFactory,
        "newsletter.IssueRendition": lambda: IssueRendition.objects.create(
            issue=IssueFactory(),
            language="en",
            pdf=ContentFile(b"%PDF-1.4 admin row", name="admin-row.pdf"),
            email_subject="Admin row",
            email_text="Admin row",
            email_html="<p>Admin row</p>",
        ),
        "partners.StatusChange": lambda: StatusChange.objects.create(
            partner=partner,
            status=partner.status,
            decided_on=datetime.date(2017, 3, 15),
            reference="DG/7/17/1815",
        ),
        "partners.ReviewReminder": lambda: ReviewReminder.objects.create(
            partner=partner, review_date=datetime.date(2030, 1, 1)
        ),
        "partners.PeriodicReport": lambda: PeriodicReport.objects.create(
            partner=partner,
            period_start=datetime.date(2017, 3, 15),
            period_end=datetime.date(2021, 3, 14),
            due_on=datetime.date(2021, 3, 15),
        ),
        "partners.ReviewCase": lambda: ReviewCase.objects.create(
            partner=partner, period_ends_on=datetime.date(2025, 3, 15)
        ),
    }


def build(world: dict) -> None:
    """One object of each model the admin shows, for its change pages."""
    makers = _makers(world)
    objects = {}
    for model in _models():
        label = model._meta.label
        instance = model._default_manager.order_by("pk").first()
        if instance is None:
            assert label in makers, f"the admin shows {label}: add its maker to _makers()"
            instance = makers[label]()
        objects[label] = instance
    world["admin_objects"] = objects


def _object_path(model, page):
    label = model._meta.label
    info = f"{model._meta.app_label}/{model._meta.model_name}"

    def path(world):
        instance = world["admin_objects"][label]
        pk = instance.pk if instance is not None else 0
        return f"/admin/{info}/{pk}/{page}"

    return path


def _model_cases():
    for model in _models():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        info = f"{opts.app_label}/{opts.model_name}"
        yield staff(f"{prefix}_changelist", f"/admin/{info}/")
        yield staff(f"{prefix}_add", f"/admin/{info}/add/", secretariat=_add_status(model))
        yield staff(f"{prefix}_change", _object_path(model, "change/"))
        yield staff(f"{prefix}_history", _object_path(model, "history/"))
        yield staff(
            f"{prefix}_delete", _object_path(model, "delete/"), secretariat=_delete_status(model)
        )
        if opts.label == "accounts.User":
            # Django's UserAdmin names this URL after auth.User, whatever the model.
            yield staff("admin:auth_user_password_change", _object_path(model, "password/"))


# Rows that only a workflow creates or removes (status history, deliveries,
# log entries, notifications…): the admin offers no add or delete page, and
# answers 403 to the Secretariat too. Written out so that a change is reviewed.
NO_ADD_PAGE = {
    "auditlog.LogEntry",
    "dialogue.DialogueRequest",
    "mail.Bounce",
    "mail.Email",
    "mail.Suppression",
    "newsletter.Delivery",
    "newsletter.IssueRendition",
    "partners.Application",
    "partners.DecisionLetter",
    "partners.PartnerRevision",
    "partners.PeriodicReport",
    "partners.ReviewCase",
    "partners.ReviewReminder",
    "partners.StatusChange",
}
NO_DELETE_PAGE = {
    "auditlog.LogEntry",
    "dialogue.DialogueRequest",
    "mail.Bounce",
    "mail.Suppression",
    "partners.Application",
    "partners.DecisionLetter",
    "partners.PeriodicReport",
    "partners.ReviewCase",
}


def _add_status(model) -> int:
    return 403 if model._meta.label in NO_ADD_PAGE else 200


def _delete_status(model) -> int:
    return 403 if model._meta.label in NO_DELETE_PAGE else 200


def _still_signed_in(world) -> bool:
    """Each role's request runs alone in a rolled-back savepoint: the one
    session in the database is that role's, and a refused sign-out keeps it
    (a visitor has none to lose)."""
    from django.contrib.sessions.models import Session

    return world["asking_role"] == "visitor" or Session.objects.exists()


def _app_cases():
    for app_label in sorted({model._meta.app_label for model in _models()}):
        yield staff("admin:app_list", f"/admin/{app_label}/")


CASES = [
    Case(
        "admin:login",
        "/admin/login/",
        expect=dict.fromkeys(ROLES, 403)
        | {
            "visitor": 302,
            "secretariat_nomfa": 302,
            "secretariat_password_only": 302,
            "secretariat": 302,
        },
        redirect_contains=dict(STAFF_REDIRECTS) | {"secretariat": "/admin/"},
    ),
    staff("admin:index", "/admin/"),
    staff("admin:password_change", "/admin/password_change/"),
    staff("admin:password_change_done", "/admin/password_change/done/"),
    staff("admin:jsi18n", "/admin/jsi18n/"),
    staff("admin:autocomplete", "/admin/autocomplete/", secretariat=403),
    staff(
        "admin:view_on_site",
        lambda world: (
            f"/admin/r/{ContentType.objects.get_for_model(world['partner_a']).pk}/"
            f"{world['partner_a'].pk}/"
        ),
        secretariat=302,
    ),
    Case(
        "admin:logout",
        "/admin/logout/",
        method="post",
        # Django's admin sends anyone it does not serve back to its index
        # (and from there to the sign-in or the second-factor step); the
        # Secretariat is signed out and sent home (LOGOUT_REDIRECT_URL).
        expect=dict.fromkeys(ROLES, 302),
        redirect_contains=dict.fromkeys(ROLES, "/admin/") | {"secretariat": "/en/"},
        may_change=("secretariat",),
        unchanged=_still_signed_in,
    ),
    *_app_cases(),
    *_model_cases(),
]

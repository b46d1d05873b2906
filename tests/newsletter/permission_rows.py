import datetime

from tests.permission_matrix import ROLES, SECRETARIAT, Case, public, wrong_method

PUBLISHED = "2025-01"
DRAFT = "2025-02"
READER = "reader@example.net"


def build(world: dict) -> None:
    from django.utils import timezone

    from newsletter import tokens
    from newsletter.models import Delivery, Issue, Subscriber

    world["published_issue"] = Issue.objects.create(
        month=datetime.date(2025, 1, 1), status=Issue.Status.SENT, editorial_note_en="Published"
    )
    world["draft_issue"] = Issue.objects.create(
        month=datetime.date(2025, 2, 1), editorial_note_en="Draft note"
    )
    # A delivery still to send: resuming the sent issue would reopen it.
    Delivery.objects.create(issue=world["published_issue"], email=READER, language="en")
    Subscriber.objects.create(
        email=READER, language="en", subscribed_on_site=True, confirmed_at=timezone.now()
    )
    from foundation.mail import outbox
    from newsletter.models import Mailing

    texts = {
        f"{name}_{code}": f"{name} {code}"
        for name in ("subject", "body")
        for code in ["fr", "en", "es"]
    }
    world["draft_mailing"] = Mailing.objects.create(audience="subscribers", **texts)
    world["public_mailing"] = Mailing.objects.create(
        audience="delegates", public=True, status=Mailing.Status.SENT, **texts
    )
    world["private_mailing"] = Mailing.objects.create(
        audience="editors", status=Mailing.Status.SENT, **texts
    )
    world["suppression"] = outbox.suppress("bounced@example.net", reason="550 5.1.1")
    from foundation.mail.models import Bounce

    world["review_bounce"] = Bounce.objects.create(
        message_key="id:<away@example.net>",
        kind=Bounce.Kind.AUTO_REPLY,
        subject="Out of office",
        sender="away@example.net",
        excerpt="I am away until Monday.",
    )
    world["tokens"] = {
        salt: tokens.make_token(READER, salt=salt)
        for salt in (tokens.CONFIRM_SALT, tokens.UNSUBSCRIBE_SALT, tokens.PREFERENCES_SALT)
    }


def _token(salt_name):
    def path(world):
        from newsletter import tokens

        salt = getattr(tokens, salt_name)
        view = {
            "CONFIRM_SALT": "subscribe/confirm",
            "UNSUBSCRIBE_SALT": "unsubscribe",
            "PREFERENCES_SALT": "preferences",
        }[salt_name]
        return f"/en/newsletters/{view}/{world['tokens'][salt]}/"

    return path


# allauth's page to set up two-factor authentication.
MFA_SETUP = "/2fa/"


def _draft_unchanged(world) -> bool:
    """The draft is as built, or only the Secretariat changed it (per the audit log)."""
    from auditlog.models import LogEntry

    from newsletter.models import Issue

    issue = Issue.objects.get(pk=world["draft_issue"].pk)
    if issue.status == Issue.Status.DRAFT and issue.editorial_note_en == "Draft note":
        return True
    actors = set(
        LogEntry.objects.get_for_object(issue)
        .filter(action=LogEntry.Action.UPDATE)
        .values_list("actor_id", flat=True)
    )
    return actors == {world["users"]["secretariat"].pk}


def _reader_subscribed(world) -> bool:
    from newsletter.models import Subscriber

    return Subscriber.objects.get(email=READER).unsubscribed_at is None


def _no_issue_built(world) -> bool:
    from newsletter.models import Issue

    return not Issue.objects.filter(month=datetime.date(2025, 3, 1)).exists()


def _published_issue_sent(world) -> bool:
    from newsletter.models import Issue

    return Issue.objects.get(pk=world["published_issue"].pk).status == Issue.Status.SENT


def _mailing_path(key, suffix=""):
    def path(world):
        return f"/en/newsletters/manage/mailings/{world[key].pk}/{suffix}"

    return path


def _public_mailing_path(key):
    return lambda world: f"/en/newsletters/mailings/{world[key].pk}/"


def _mailing_data(world):
    data = {
        f"{name}_{code}": "Changed" for name in ("subject", "body") for code in ("fr", "en", "es")
    }
    return data | {"audience": "subscribers"}


def _mailings_unchanged(world) -> bool:
    from newsletter.models import Mailing

    draft = Mailing.objects.get(pk=world["draft_mailing"].pk)
    return (
        Mailing.objects.count() == 3
        and draft.status == Mailing.Status.DRAFT
        and draft.subject_en == "subject en"
    )


def _still_suppressed(world) -> bool:
    from foundation.mail import outbox

    return outbox.is_suppressed("bounced@example.net")


def _bounce_unhandled(world) -> bool:
    from foundation.mail import outbox
    from foundation.mail.models import Bounce

    bounce = Bounce.objects.get(pk=world["review_bounce"].pk)
    return (
        bounce.kind == Bounce.Kind.AUTO_REPLY
        and bounce.handled_at is None
        and not outbox.is_suppressed("away@example.net")
    )


def _bounce_path(suffix=""):
    return lambda world: f"/en/newsletters/manage/bounces/{world['review_bounce'].pk}/{suffix}"


def secretariat_only(url_name, path, **kwargs) -> Case:
    expect = dict.fromkeys(ROLES, 403)
    expect.update(visitor=302, **SECRETARIAT)
    return Case(
        url_name=url_name,
        path=path,
        expect=expect,
        redirect_contains={"secretariat_nomfa": MFA_SETUP, "visitor": "/login"},
        **kwargs,
    )


def _secretariat_post(url_name, path, *, redirect_to, unchanged, data=None):
    expect = dict.fromkeys(ROLES, 403)
    expect.update(visitor=302, secretariat_nomfa=302, secretariat=302)
    return Case(
        url_name=url_name,
        path=path,
        expect=expect,
        method="post",
        data=data,
        redirect_contains={
            "secretariat_nomfa": MFA_SETUP,
            "visitor": "/login",
            "secretariat": redirect_to,
        },
        unchanged=unchanged,
        may_change=("secretariat",),
    )


def _published_issue_unchanged(world) -> bool:
    from newsletter.models import Issue

    return Issue.objects.get(month=datetime.date(2025, 1, 1)).editorial_note_en == "Published"


CASES = [
    public("api:newsletter-list", "/api/v1/newsletters/"),
    public("api:newsletter-detail", f"/api/v1/newsletters/{PUBLISHED}/"),
    Case("api:newsletter-detail", f"/api/v1/newsletters/{DRAFT}/", expect={}, default=404),
    Case("api:newsletter-detail", "/api/v1/newsletters/1999-01/", expect={}, default=404),
    wrong_method(
        "api:newsletter-detail",
        f"/api/v1/newsletters/{PUBLISHED}/",
        method="post",
        data={"editorial_note": "Changed through the API"},
        unchanged=_published_issue_unchanged,
    ),
    public("newsletter:archive", "/en/newsletters/"),
    public("newsletter:issue", f"/fr/newsletters/{PUBLISHED}/"),
    Case("newsletter:issue", f"/en/newsletters/{DRAFT}/", expect={}, default=404),
    Case("newsletter:issue", "/en/newsletters/1999-01/", expect={}, default=404),
    public("newsletter:issue_pdf", f"/es/newsletters/{PUBLISHED}.pdf"),
    Case("newsletter:issue_pdf", f"/en/newsletters/{DRAFT}.pdf", expect={}, default=404),
    public("newsletter:subscribe", "/en/newsletters/subscribe/"),
    public("newsletter:subscribe_confirm", _token("CONFIRM_SALT")),
    Case(
        "newsletter:subscribe_confirm",
        "/en/newsletters/subscribe/confirm/forged:token/",
        expect={},
        default=404,
    ),
    public("newsletter:unsubscribe", _token("UNSUBSCRIBE_SALT")),
    Case(
        "newsletter:unsubscribe",
        "/en/newsletters/unsubscribe/forged:token/",
        expect={},
        default=404,
        method="post",
        unchanged=_reader_subscribed,
    ),
    public("newsletter:preferences", _token("PREFERENCES_SALT")),
    Case("newsletter:preferences", "/en/newsletters/preferences/x/", expect={}, default=404),
    secretariat_only("newsletter:manage", "/en/newsletters/manage/"),
    _secretariat_post(
        "newsletter:manage_build",
        "/en/newsletters/manage/build/",
        data={"month": "2025-03"},
        redirect_to="/en/newsletters/manage/2025-03/",
        unchanged=_no_issue_built,
    ),
    secretariat_only("newsletter:manage_issue", f"/en/newsletters/manage/{DRAFT}/"),
    Case(
        "newsletter:manage_issue",
        "/en/newsletters/manage/1999-01/",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat_nomfa": 302, "secretariat": 404},
        redirect_contains={"secretariat_nomfa": MFA_SETUP},
    ),
    _secretariat_post(
        "newsletter:manage_note",
        f"/en/newsletters/manage/{DRAFT}/note/",
        data={"editorial_note_en": "Changed", "editorial_note_fr": "", "editorial_note_es": ""},
        redirect_to=f"/en/newsletters/manage/{DRAFT}/",
        unchanged=_draft_unchanged,
    ),
    _secretariat_post(
        "newsletter:manage_approve",
        f"/en/newsletters/manage/{DRAFT}/approve/",
        # Approving sends to every subscriber: a session signed in an hour
        # ago confirms with its authenticator code first, and nothing is
        # approved meanwhile.
        redirect_to="/accounts/2fa/reauthenticate/",
        unchanged=_draft_unchanged,
    ),
    secretariat_only("newsletter:manage_send", f"/en/newsletters/manage/{DRAFT}/send/"),
    _secretariat_post(
        "newsletter:manage_test",
        f"/en/newsletters/manage/{DRAFT}/test/",
        # A test copy goes to the signed-in member only; the draft stays a draft.
        redirect_to=f"/en/newsletters/manage/{DRAFT}/send/",
        unchanged=_draft_unchanged,
    ),
    _secretariat_post(
        "newsletter:manage_resume",
        f"/en/newsletters/manage/{PUBLISHED}/resume/",
        redirect_to=f"/en/newsletters/manage/{PUBLISHED}/",
        unchanged=_published_issue_sent,
    ),
    secretariat_only("newsletter:manage_preview", f"/en/newsletters/manage/{DRAFT}/preview/"),
    secretariat_only(
        "newsletter:manage_preview_pdf", f"/fr/newsletters/manage/{DRAFT}/preview.pdf"
    ),
    secretariat_only(
        "newsletter:manage_deliveries", f"/en/newsletters/manage/{PUBLISHED}/deliveries/"
    ),
    # One-off mailings: the public one in the archive; the others nowhere.
    public("newsletter:mailing", _public_mailing_path("public_mailing")),
    Case("newsletter:mailing", _public_mailing_path("private_mailing"), expect={}, default=404),
    Case("newsletter:mailing", _public_mailing_path("draft_mailing"), expect={}, default=404),
    secretariat_only("newsletter:manage_mailings", "/en/newsletters/manage/mailings/"),
    secretariat_only("newsletter:manage_mailing_new", "/en/newsletters/manage/mailings/new/"),
    _secretariat_post(
        "newsletter:manage_mailing_new",
        "/en/newsletters/manage/mailings/new/",
        data=_mailing_data,
        redirect_to="/en/newsletters/manage/mailings/",
        unchanged=_mailings_unchanged,
    ),
    secretariat_only("newsletter:manage_mailing", _mailing_path("draft_mailing")),
    secretariat_only("newsletter:manage_mailing", _mailing_path("private_mailing")),
    secretariat_only("newsletter:manage_mailing_edit", _mailing_path("draft_mailing", "edit/")),
    _secretariat_post(
        "newsletter:manage_mailing_edit",
        _mailing_path("draft_mailing", "edit/"),
        data=_mailing_data,
        redirect_to="/en/newsletters/manage/mailings/",
        unchanged=_mailings_unchanged,
    ),
    _secretariat_post(
        "newsletter:manage_mailing_approve",
        _mailing_path("draft_mailing", "approve/"),
        redirect_to="/accounts/2fa/reauthenticate/",
        unchanged=_mailings_unchanged,
    ),
    # The audience's addresses: the Secretariat's only, never an editor's.
    secretariat_only(
        "newsletter:manage_audience",
        "/en/newsletters/manage/mailings/audience/?audience=partner_contacts&fragment=1",
    ),
    secretariat_only("newsletter:manage_suppressions", "/en/newsletters/manage/suppressed/"),
    _secretariat_post(
        "newsletter:manage_suppression_reinstate",
        lambda world: f"/en/newsletters/manage/suppressed/{world['suppression'].pk}/reinstate/",
        redirect_to="/en/newsletters/manage/suppressed/",
        unchanged=_still_suppressed,
    ),
    secretariat_only("newsletter:manage_bounces", "/en/newsletters/manage/bounces/?state=all"),
    secretariat_only("newsletter:manage_bounce", _bounce_path()),
    _secretariat_post(
        "newsletter:manage_bounce_handled",
        _bounce_path("handled/"),
        redirect_to="/en/newsletters/manage/bounces/",
        unchanged=_bounce_unhandled,
    ),
    _secretariat_post(
        "newsletter:manage_bounce_classify",
        _bounce_path("classify/"),
        data={"kind": "hard", "email": "away@example.net"},
        redirect_to="/en/newsletters/manage/bounces/",
        unchanged=_bounce_unhandled,
    ),
]

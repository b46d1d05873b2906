"""Every dialogue URL with every role of the matrix.

The matrix's verified_delegate is from Senegal (SN), the unverified one from
Brazil (BR); editor_b's partner works in education and so matches the
accepted request.
"""

import datetime

from tests.permission_matrix import ROLES, Case, public, secretariat_only, wrong_method

SN_ONLY = {"verified_delegate": 200, "secretariat": 200, "secretariat_nomfa": 404}


def build(world: dict) -> None:
    from django.utils import timezone

    from dialogue.models import RequestFile, State
    from partners.models import Sector
    from tests.dialogue.factories import (
        DialogueRequestFactory,
        ExpressionOfInterestFactory,
        PartnerMatchFactory,
        make_delegate,
    )

    world["partner_b"].sectors.set(Sector.objects.filter(code="education"))
    sn = world["users"]["verified_delegate"]
    world["submitted"] = DialogueRequestFactory(country="SN", requester=sn)
    world["accepted"] = DialogueRequestFactory(country="SN", requester=sn, state=State.ACCEPTED)
    world["scheduled"] = DialogueRequestFactory(country="SN", requester=sn, state=State.SCHEDULED)
    world["held"] = DialogueRequestFactory(country="SN", requester=sn, state=State.HELD)
    world["foreign"] = DialogueRequestFactory(
        country="KE", requester=make_delegate("kenya@example.org", "KE")
    )
    PartnerMatchFactory(request=world["accepted"], partner=world["partner_b"])
    ExpressionOfInterestFactory(request=world["accepted"], partner=world["partner_c"])
    from django.core.files.base import ContentFile

    attachment = RequestFile(
        request=world["submitted"],
        kind=RequestFile.Kind.ATTACHMENT,
        original_name="note.pdf",
        content_type="application/pdf",
        size=15,
    )
    attachment.file.save("note.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    world["attachment"] = attachment
    world["tomorrow"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    world["accepted_interests"] = _interests(world)
    world["dialogue_built_at"] = timezone.now()


def _interests(world) -> list:
    return list(
        world["accepted"].interests.order_by("pk").values_list("pk", "partner_id", "statement")
    )


def _interests_unchanged(world) -> bool:
    return _interests(world) == world["accepted_interests"]


def _no_cosponsor(world) -> bool:
    return not world["submitted"].cosponsors.exists()


def _path(key: str, suffix: str = "", prefix: str = "/en/dialogue/") -> callable:
    return lambda world: f"{prefix}{world[key].pk}/{suffix}"


def _state_is(key: str, state: str, *, unless_by: str | None = None):
    """The request is still in `state`, unless the role allowed to move it did."""

    def check(world):
        world[key].refresh_from_db()
        if world[key].state == state:
            return True
        last = world[key].transitions.last()
        return unless_by is not None and last.by == world["users"][unless_by]

    return check


# allauth's two-factor set-up page lives under /accounts/2fa/.
TO_LOGIN_OR_2FA = {"visitor": "/login", "secretariat_nomfa": "/2fa/"}


def _changed_only_by_secretariat(key: str, model: str = "request"):
    """No one but the Secretariat changed the object (per the audit log)."""

    def check(world):
        from auditlog.models import LogEntry

        from dialogue.models import ExpressionOfInterest

        if model == "interests":
            objects = list(ExpressionOfInterest.objects.filter(request=world[key]))
        else:
            objects = [world[key]]
        for obj in objects:
            entries = LogEntry.objects.get_for_object(obj).filter(
                action=LogEntry.Action.UPDATE, timestamp__gt=world["dialogue_built_at"]
            )
            if entries.exclude(actor=world["users"]["secretariat"]).exists():
                return False
        return True

    return check


SECRETARIAT_POST = dict.fromkeys(ROLES, 403) | {
    "visitor": 302,
    "secretariat_nomfa": 302,
}


def _no_hearing_posted(world) -> bool:
    from dialogue.models import DialogueRequest

    return not DialogueRequest.objects.filter(theme_en="Posted through the API").exists()


def _api_path(key: str) -> callable:
    return lambda world: f"/api/v1/hearings/{world[key].pk}/"


CASES = [
    public("api:hearing-list", "/api/v1/hearings/"),
    public("api:hearing-list", "/api/v1/hearings/?state=held"),
    Case("api:hearing-list", "/api/v1/hearings/?state=submitted", expect={}, default=400),
    public("api:hearing-detail", _api_path("accepted")),
    public("api:hearing-detail", _api_path("held")),
    Case("api:hearing-detail", _api_path("submitted"), expect={}, default=404),
    Case("api:hearing-detail", _api_path("foreign"), expect={}, default=404),
    wrong_method(
        "api:hearing-list",
        "/api/v1/hearings/",
        method="post",
        data={"theme": "Posted through the API"},
        unchanged=_no_hearing_posted,
    ),
    public("dialogue:list", "/en/dialogue/"),
    public("dialogue:list", "/fr/dialogue/?state=held&page=2"),
    public("dialogue:detail", _path("accepted")),
    public("dialogue:detail", _path("held", prefix="/es/dialogue/")),
    Case("dialogue:detail", _path("submitted"), expect={}, default=404),
    Case("dialogue:detail", _path("foreign"), expect={}, default=404),
    public("dialogue:calendar", _path("scheduled", "calendar.ics")),
    Case("dialogue:calendar", _path("accepted", "calendar.ics"), expect={}, default=404),
    # Interest: only NGO editors while the call is open.
    Case(
        "dialogue:interest",
        _path("accepted", "interest/"),
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "editor_a": 200, "editor_b": 200, "liaison": 200},
    ),
    Case(
        "dialogue:interest",
        _path("scheduled", "interest/"),
        expect=dict.fromkeys(ROLES, 403) | {"visitor": 302},
    ),
    Case(
        "dialogue:interest", _path("submitted", "interest/"), expect={"visitor": 302}, default=404
    ),
    Case(
        "dialogue:interest",
        _path("accepted", "interest/"),
        method="post",
        data={
            "statement": "We would like to join.",
            "proposed_speaker": "A. Speaker",
            "languages": ["fr"],
        },
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "editor_a": 302, "editor_b": 302, "liaison": 302},
        redirect_contains={
            "editor_a": "/dialogue/",
            "editor_b": "/dialogue/",
            "liaison": "/dialogue/",
        },
        unchanged=_interests_unchanged,
        may_change=("editor_a", "editor_b", "liaison"),
    ),
    # Attachments: the requester's country and the Secretariat; anyone else
    # cannot tell that the file exists.
    Case(
        "dialogue:file",
        lambda world: f"/en/dialogue/files/{world['attachment'].pk}/",
        expect={"verified_delegate": 200, "secretariat": 200},
        default=404,
    ),
    # Delegates.
    Case(
        "dialogue:my_requests",
        "/en/dialogue/requests/",
        expect=dict.fromkeys(ROLES, 403) | {"visitor": 302, "verified_delegate": 200},
    ),
    Case(
        "dialogue:request_create",
        "/en/dialogue/requests/new/",
        expect=dict.fromkeys(ROLES, 403) | {"visitor": 302, "verified_delegate": 200},
    ),
    Case(
        "dialogue:request_create",
        "/en/dialogue/requests/new/",
        method="post",
        data={"theme": "<script>x</script>", "country": "FR"},
        expect=dict.fromkeys(ROLES, 403) | {"visitor": 302, "verified_delegate": 400},
        unchanged=lambda world: (
            not type(world["submitted"]).objects.filter(theme_en__contains="script").exists()
        ),
    ),
    Case(
        "dialogue:request_detail",
        _path("submitted", prefix="/en/dialogue/requests/"),
        expect={"visitor": 302} | SN_ONLY,
        default=404,
    ),
    Case(
        "dialogue:request_detail",
        _path("foreign", prefix="/en/dialogue/requests/"),
        expect={"visitor": 302, "secretariat": 200},
        default=404,
    ),
    Case(
        "dialogue:request_withdraw",
        _path("submitted", "withdraw/", prefix="/en/dialogue/requests/"),
        method="post",
        data={"reason": "Changed plans"},
        expect={"visitor": 302, "verified_delegate": 302, "secretariat": 403},
        default=404,
        redirect_contains={"verified_delegate": "/dialogue/requests/"},
        unchanged=_state_is("submitted", "submitted", unless_by="verified_delegate"),
    ),
    Case(
        "dialogue:request_withdraw",
        _path("scheduled", "withdraw/", prefix="/en/dialogue/requests/"),
        method="post",
        expect={"visitor": 302, "verified_delegate": 403, "secretariat": 403},
        default=404,
        unchanged=_state_is("scheduled", "scheduled"),
    ),
    Case(
        "dialogue:cosponsor_invite",
        _path("submitted", "cosponsors/", prefix="/en/dialogue/requests/"),
        method="post",
        data={"email": "delegate-new@example.org"},
        # The Brazilian delegate is not verified: the requester gets the form back.
        expect={"visitor": 302, "verified_delegate": 400, "secretariat": 403},
        default=404,
        unchanged=_no_cosponsor,
    ),
    Case(
        "dialogue:cosponsor_join",
        _path("submitted", "cosponsors/join/", prefix="/en/dialogue/requests/"),
        method="post",
        expect={"visitor": 302, "verified_delegate": 403, "secretariat": 403},
        default=404,
        unchanged=_no_cosponsor,
    ),
    # Secretariat.
    secretariat_only("dialogue:queue", "/en/dialogue/secretariat/"),
    secretariat_only("dialogue:triage", _path("submitted", prefix="/en/dialogue/secretariat/")),
    secretariat_only("dialogue:triage", _path("held", prefix="/fr/dialogue/secretariat/")),
    Case(
        "dialogue:triage_transition",
        _path("submitted", "decision/", prefix="/en/dialogue/secretariat/"),
        method="post",
        data={"to_state": "under-review"},
        expect=SECRETARIAT_POST | {"secretariat": 302},
        redirect_contains=TO_LOGIN_OR_2FA | {"secretariat": "/dialogue/secretariat/"},
        unchanged=_state_is("submitted", "submitted", unless_by="secretariat"),
    ),
    Case(
        "dialogue:triage_schedule",
        _path("accepted", "schedule/", prefix="/en/dialogue/secretariat/"),
        method="post",
        data=lambda world: {
            "date": world["tomorrow"],
            "start_time": "10:00",
            "time_zone": "Africa/Dakar",
            "place": "Dakar",
        },
        expect=SECRETARIAT_POST | {"secretariat": 302},
        redirect_contains=TO_LOGIN_OR_2FA | {"secretariat": "/dialogue/secretariat/"},
        unchanged=_state_is("accepted", "accepted", unless_by="secretariat"),
    ),
    Case(
        "dialogue:triage_select",
        _path("accepted", "participants/", prefix="/en/dialogue/secretariat/"),
        method="post",
        data=lambda world: {"partners": [world["partner_c"].pk]},
        expect=SECRETARIAT_POST | {"secretariat": 302},
        redirect_contains=TO_LOGIN_OR_2FA | {"secretariat": "/dialogue/secretariat/"},
        unchanged=_changed_only_by_secretariat("accepted", "interests"),
    ),
    Case(
        "dialogue:triage_edit",
        _path("submitted", "edit/", prefix="/en/dialogue/secretariat/"),
        method="post",
        data={
            "theme_en": "Lifelong learning",
            "description_en": "A debate.",
            "internal_notes": "Forged note",
        },
        expect=SECRETARIAT_POST | {"secretariat": 302},
        redirect_contains=TO_LOGIN_OR_2FA | {"secretariat": "/dialogue/secretariat/"},
        unchanged=_changed_only_by_secretariat("submitted"),
    ),
    Case(
        "dialogue:triage_outcome",
        _path("held", "outcome/", prefix="/en/dialogue/secretariat/"),
        method="post",
        data={"summary_en": "Forged summary"},
        expect=SECRETARIAT_POST | {"secretariat": 302},
        redirect_contains=TO_LOGIN_OR_2FA | {"secretariat": "/dialogue/secretariat/"},
        unchanged=_changed_only_by_secretariat("held"),
    ),
]

"""The application for partnership, walked with every role (see tests/permission_matrix.py).

World: the applicant's own request, under way (documents requested), in the
Education Sector; another person's request, submitted, in Culture; a
declined request with its draft letter. The focal point follows Education.
"""

from tests.accounts.permission_rows import sensitive
from tests.permission_matrix import ROLES, Case, public, signed_in, wrong_method

SEES_OWN = {"visitor": 302, "applicant": 200, "focal_point": 200, "secretariat": 200}


def build(world: dict) -> None:
    from partners.lifecycle.models import SectorFocalPoint
    from tests.partners.factories import sector_for
    from tests.partners.lifecycle.factories import complete_application

    users = world["users"]
    SectorFocalPoint.objects.create(user=users["focal_point"], sector=sector_for("education"))
    world["own_application"] = complete_application(
        applicant=users["applicant"], state="incomplete"
    )
    other = complete_application(state="submitted", organisation_name="Other request")
    other.sectors.set([sector_for("culture")])
    world["other_application"] = other
    declined = complete_application(
        state="declined",
        organisation_name="Declined request",
        decision_reference="DG/9/26/1",
    )
    declined.decided_on = declined.submitted_on
    declined.save()
    from partners.lifecycle import letters

    letters.draft_letter(declined)
    world["declined_application"] = declined
    world["own_document"] = world["own_application"].documents.first()
    world["other_document"] = other.documents.first()


def own(world):
    return world["own_application"].pk


def other(world):
    return world["other_application"].pk


def own_state_is(state):
    def check(world):
        world["own_application"].refresh_from_db()
        return world["own_application"].state == state

    return check


def other_unchanged(world):
    world["other_application"].refresh_from_db()
    return world["other_application"].state == "submitted"


def own_documents_unchanged(world):
    return world["own_application"].documents.count() == 5


def letter_unsigned(world):
    world["declined_application"].letter.refresh_from_db()
    return world["declined_application"].letter.signed_at is None


def no_new_application(world):
    from partners.lifecycle.models import Application

    return Application.objects.count() == 3


ONLY_APPLICANT_POST = dict.fromkeys(ROLES, 404) | {"visitor": 302}
QUEUE = dict.fromkeys(ROLES, 403) | {
    "visitor": 302,
    "focal_point": 200,
    "secretariat": 200,
    "secretariat_nomfa": 302,
}

CASES = [
    public("partnership:about", "/fr/partnership/"),
    Case(
        "partnership:apply",
        "/es/partnership/apply/",
        expect={"visitor": 302, "applicant": 302},
        redirect_contains={"applicant": "/partnership/applications/"},
    ),
    Case(
        "partnership:apply",
        "/en/partnership/apply/",
        method="post",
        data={"kind": "not-a-kind"},
        expect={"visitor": 302, "applicant": 302},
        default=400,
        unchanged=no_new_application,
        may_change=(),
    ),
    Case(
        "partnership:application_detail",
        lambda w: f"/en/partnership/applications/{own(w)}/",
        expect=dict.fromkeys(ROLES, 404) | SEES_OWN | {"secretariat_nomfa": 404},
    ),
    Case(
        "partnership:application_detail",
        lambda w: f"/en/partnership/applications/{other(w)}/",
        expect=dict.fromkeys(ROLES, 404) | {"visitor": 302, "secretariat": 200},
    ),
    Case(
        "partnership:application_edit",
        lambda w: f"/fr/partnership/applications/{own(w)}/edit/",
        expect=ONLY_APPLICANT_POST | {"applicant": 200},
    ),
    Case(
        "partnership:application_edit",
        lambda w: f"/fr/partnership/applications/{own(w)}/edit/",
        method="post",
        data={"organisation_name": "Forged", "scope": "international", "language": "fr"},
        expect=ONLY_APPLICANT_POST | {"applicant": 302},
        may_change=("applicant",),
        unchanged=lambda w: (
            w["own_application"].__class__.objects.get(pk=own(w)).organisation_name != "Forged"
        ),
    ),
    Case(
        "partnership:document_add",
        lambda w: f"/en/partnership/applications/{own(w)}/documents/",
        method="post",
        data={"kind": "other"},
        # The applicant's refused upload: the edit page again, the error beside the field.
        expect=ONLY_APPLICANT_POST | {"applicant": 400},
        unchanged=own_documents_unchanged,
    ),
    wrong_method(
        "partnership:document_add", lambda w: f"/en/partnership/applications/{own(w)}/documents/"
    ),
    Case(
        "partnership:document_download",
        lambda w: f"/en/partnership/applications/{own(w)}/documents/{w['own_document'].pk}/",
        expect=dict.fromkeys(ROLES, 404) | SEES_OWN | {"secretariat_nomfa": 404},
    ),
    Case(
        "partnership:document_download",
        lambda w: f"/en/partnership/applications/{own(w)}/documents/{w['other_document'].pk}/",
        expect=dict.fromkeys(ROLES, 404) | {"visitor": 302},
    ),
    Case(
        "partnership:document_remove",
        lambda w: f"/en/partnership/applications/{own(w)}/documents/{w['own_document'].pk}/remove/",
        method="post",
        expect=ONLY_APPLICANT_POST | {"applicant": 302},
        may_change=("applicant",),
        unchanged=own_documents_unchanged,
    ),
    Case(
        "partnership:application_submit",
        lambda w: f"/en/partnership/applications/{other(w)}/submit/",
        method="post",
        expect=ONLY_APPLICANT_POST,
        unchanged=other_unchanged,
    ),
    Case(
        "partnership:application_withdraw",
        lambda w: f"/en/partnership/applications/{other(w)}/withdraw/",
        method="post",
        expect=ONLY_APPLICANT_POST,
        unchanged=other_unchanged,
    ),
    Case(
        "partnership:application_withdraw",
        lambda w: f"/en/partnership/applications/{own(w)}/withdraw/",
        method="post",
        expect=ONLY_APPLICANT_POST | {"applicant": 302},
        may_change=("applicant",),
        unchanged=own_state_is("incomplete"),
    ),
    sensitive(
        "partnership:application_decide",
        lambda w: f"/en/partnership/applications/{other(w)}/decide/",
        data={"to_state": "examination"},
        unchanged=other_unchanged,
    ),
    Case(
        "partnership:application_comment",
        lambda w: f"/en/partnership/applications/{own(w)}/comment/",
        method="post",
        data={"text": "Forged comment"},
        # Those who may read the request get its page again: no sector of theirs is given.
        expect=dict.fromkeys(ROLES, 404)
        | {"visitor": 302, "applicant": 400, "focal_point": 400, "secretariat": 400},
        unchanged=lambda w: not w["own_application"].comments.exists(),
    ),
    Case(
        "partnership:letter_edit",
        lambda w: f"/en/partnership/applications/{w['declined_application'].pk}/letter/",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat_nomfa": 302, "secretariat": 200},
        redirect_contains={"visitor": "/login"},
    ),
    sensitive(
        "partnership:letter_sign",
        lambda w: f"/en/partnership/applications/{w['declined_application'].pk}/letter/sign/",
        unchanged=letter_unsigned,
    ),
    Case(
        "partnership:letter_pdf",
        lambda w: f"/en/partnership/applications/{w['declined_application'].pk}/letter.pdf",
        expect=dict.fromkeys(ROLES, 404) | {"visitor": 302, "secretariat": 200},
    ),
    Case("partnership:queue", "/en/partnership/examination/", expect=QUEUE),
    Case(
        "partnership:board_list",
        "/en/partnership/executive-board/?year=2017",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat": 200, "secretariat_nomfa": 302},
    ),
    Case(
        "partnership:board_list_xlsx",
        "/en/partnership/executive-board.xlsx?year=2017",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat": 200, "secretariat_nomfa": 302},
    ),
    Case(
        "partnership:board_list_pdf",
        "/en/partnership/executive-board.pdf?year=2017",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat": 200, "secretariat_nomfa": 302},
    ),
    signed_in("portal:dashboard", "/en/my/"),
]

from tests.permission_matrix import ROLES, Case, public, secretariat_only

PUBLISHED = "partner-a"


def build(world: dict) -> None:
    from tests.factories import PartnerFactory

    world["hidden_partner"] = PartnerFactory(
        name_en="Hidden", slug="hidden-partner", published=False
    )
    _build_reports(world)


def _build_reports(world: dict) -> None:
    """Partner A (Education) with a submitted report and its attachment,
    partner B with a draft, and an open review of partner A."""
    import datetime

    from django.core.files.base import ContentFile

    from partners.lifecycle.models import PeriodicReport, ReportAttachment, ReviewCase
    from tests.partners.factories import sector_for

    due = datetime.date(2026, 3, 15)
    for partner in (world["partner_a"], world["partner_b"]):
        partner.sectors.set([sector_for("education")])
        partner.next_report_due = due
        partner.save()
    world["report_a"] = PeriodicReport.objects.create(
        partner=world["partner_a"],
        period_start=datetime.date(2022, 3, 15),
        period_end=due,
        due_on=due,
        state="submitted",
        cooperation="Joint workshops.",
    )
    world["report_b"] = PeriodicReport.objects.create(
        partner=world["partner_b"],
        period_start=datetime.date(2022, 3, 15),
        period_end=due,
        due_on=due,
        cooperation="Draft.",
    )
    attachment = ReportAttachment(
        report=world["report_a"],
        original_name="report.pdf",
        content_type="application/pdf",
        size=15,
    )
    attachment.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    world["report_attachment"] = attachment
    world["review_a"] = ReviewCase.objects.create(
        partner=world["partner_a"], period_ends_on=datetime.date(2026, 5, 1)
    )


def _report_a_unchanged(world) -> bool:
    report = world["report_a"]
    fresh = type(report).objects.get(pk=report.pk)
    return (fresh.state, fresh.cooperation, fresh.comments.count()) == (
        "submitted",
        "Joint workshops.",
        0,
    )


def _report_b_unchanged(world) -> bool:
    report = world["report_b"]
    fresh = type(report).objects.get(pk=report.pk)
    return (fresh.state, fresh.cooperation, fresh.attachments.count()) == ("draft", "Draft.", 0)


def _attachment_kept(world) -> bool:
    return (
        type(world["report_attachment"]).objects.filter(pk=world["report_attachment"].pk).exists()
    )


def _review_a_open(world) -> bool:
    case = type(world["review_a"]).objects.get(pk=world["review_a"].pk)
    return case.is_open and not world["partner_a"].status_changes.exists()


# Who reads a report: its partner's editors, the Secretariat with its second
# factor, and the focal points of the partner's sectors once it is submitted;
# anyone else signed in is told it does not exist.
NOT_FOUND = dict.fromkeys(ROLES, 404) | {"visitor": 302}
EDITOR_PAGE = dict.fromkeys(ROLES, 403) | {
    "visitor": 302,
    "editor_a": 200,
    "editor_b": 200,
    "liaison": 200,
}
READERS = dict.fromkeys(ROLES, 403) | {
    "visitor": 302,
    "secretariat_nomfa": 302,
    "secretariat": 200,
    "focal_point": 200,
}
SECOND_FACTOR = {"secretariat_nomfa": "/2fa/totp/activate/", "visitor": "/login"}


CASES = [
    public("partners:directory", "/en/partners/"),
    public("partners:export_csv", "/en/partners/export.csv"),
    public("partners:export_xlsx", "/fr/partners/export.xlsx"),
    public("partners:detail", "/es/partners/partner-a/"),
    Case("partners:detail", "/en/partners/hidden-partner/", expect={}, default=404),
    public("api:partner-list", "/api/v1/partners/"),
    public("api:partner-detail", "/api/v1/partners/partner-a/"),
    Case("api:partner-detail", "/api/v1/partners/hidden-partner/", expect={}, default=404),
    public("api:schema", "/api/v1/schema/"),
    # --- Periodic reports: the editor's page -------------------------------------
    Case("partners_editor:report", "/en/my/organisation/report/", expect=EDITOR_PAGE),
    Case(
        "partners_editor:report",
        "/en/my/organisation/report/",
        method="post",
        data={"cooperation": "Forged.", "save": ""},
        # Partner B's editor saves partner B's draft: their own change.
        expect=EDITOR_PAGE | {"editor_a": 400, "editor_b": 302, "liaison": 403},
        unchanged=lambda w: _report_a_unchanged(w),
        may_change=("editor_b",),
    ),
    Case(
        "partners_editor:report_attachment_add",
        "/en/my/organisation/report/attachments/",
        method="post",
        data={},
        # No file: the report's page again, the error beside the field.
        expect=EDITOR_PAGE | {"editor_a": 400, "editor_b": 400, "liaison": 403},
        unchanged=lambda w: _report_b_unchanged(w) and _attachment_kept(w),
    ),
    Case(
        "partners_editor:report_attachment_delete",
        lambda w: f"/en/my/organisation/report/attachments/{w['report_attachment'].pk}/delete/",
        method="post",
        # Partner A's report is submitted: its editor is told it can no longer change.
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "editor_a": 302, "editor_b": 404, "liaison": 404},
        unchanged=_attachment_kept,
    ),
    # --- Periodic reports: readers ---------------------------------------------------
    Case("reports:list", "/en/my/reports/", expect=READERS, redirect_contains=SECOND_FACTOR),
    Case(
        "reports:detail",
        lambda w: f"/en/my/reports/{w['report_a'].pk}/",
        expect=NOT_FOUND | {"editor_a": 200, "focal_point": 200, "secretariat": 200},
    ),
    Case(
        "reports:detail",
        lambda w: f"/en/my/reports/{w['report_b'].pk}/",
        # A draft is its partner's own: the focal point does not see it yet.
        expect=NOT_FOUND | {"editor_b": 200, "secretariat": 200},
    ),
    Case("reports:detail", "/en/my/reports/999999/", expect=NOT_FOUND),
    Case(
        "reports:assess",
        lambda w: f"/en/my/reports/{w['report_a'].pk}/assess/",
        method="post",
        data={"decision": "more-information", "message": "Add the accounts."},
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat_nomfa": 302, "secretariat": 302},
        redirect_contains=SECOND_FACTOR,
        unchanged=_report_a_unchanged,
        may_change=("secretariat",),
    ),
    Case(
        "reports:comment",
        lambda w: f"/en/my/reports/{w['report_a'].pk}/comment/",
        method="post",
        data=lambda w: {
            "sector": str(w["partner_a"].sectors.get(code="education").pk),
            "text": "Noted.",
        },
        expect=NOT_FOUND | {"editor_a": 403, "secretariat": 403, "focal_point": 302},
        unchanged=_report_a_unchanged,
        may_change=("focal_point",),
    ),
    Case(
        "reports:attachment",
        lambda w: f"/en/my/reports/attachments/{w['report_attachment'].pk}/",
        expect=NOT_FOUND | {"editor_a": 200, "focal_point": 200, "secretariat": 200},
    ),
    Case("reports:attachment", "/en/my/reports/attachments/999999/", expect=NOT_FOUND),
    # --- Secretariat: deadlines and reviews ----------------------------------------------
    secretariat_only("curation:report_deadlines", "/en/my/secretariat/reports/"),
    secretariat_only("curation:review_list", "/en/my/secretariat/reviews/"),
    secretariat_only(
        "curation:review_detail", lambda w: f"/en/my/secretariat/reviews/{w['review_a'].pk}/"
    ),
    Case(
        "curation:review_detail",
        lambda w: f"/en/my/secretariat/reviews/{w['review_a'].pk}/",
        method="post",
        data={
            "decision": "terminated",
            "decided_on": "2026-01-10",
            "reference": "DG/X",
            "note": "x",
        },
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat_nomfa": 302, "secretariat": 302},
        # Signed in an hour ago: the decision waits for a fresh sign-in.
        redirect_contains=SECOND_FACTOR | {"secretariat": "/reauthenticate/"},
        unchanged=_review_a_open,
    ),
]


# --- The Secretariat's import ------------------------------------------------------


def _import_upload(world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    # A row that would create a partner, so that a refused write is visible;
    # the Secretariat's dry run writes nothing either.
    data = b"slug,name_en,status,since,country\nimported,Imported,consultative,2015-01-01,SN\n"
    return {"file": SimpleUploadedFile("partners.csv", data, content_type="text/csv")}


def _nothing_imported(world) -> bool:
    from partners.models import Partner

    return not Partner.objects.filter(slug="imported").exists()


_IMPORT_REFUSED = dict.fromkeys(ROLES, 403) | {"visitor": 302, "secretariat_nomfa": 302}

CASES += [
    secretariat_only("curation:partner_import", "/en/my/secretariat/import/"),
    Case(
        "curation:partner_import",
        "/en/my/secretariat/import/",
        method="post",
        data=_import_upload,
        expect=_IMPORT_REFUSED | {"secretariat": 200},
        redirect_contains=SECOND_FACTOR,
        unchanged=_nothing_imported,
    ),
    Case(
        "curation:partner_import_apply",
        "/en/my/secretariat/import/apply/",
        method="post",
        data={"token": "forged", "mode": "all"},
        # Signed in an hour ago: the import waits for a fresh sign-in.
        expect=_IMPORT_REFUSED | {"secretariat": 302},
        redirect_contains=SECOND_FACTOR | {"secretariat": "/reauthenticate/"},
        unchanged=_nothing_imported,
    ),
    Case(
        "curation:partner_import_apply",
        "/en/my/secretariat/import/apply/",
        expect={},
        default=405,
    ),
    secretariat_only("curation:partner_import_template", "/en/my/secretariat/import/template.xlsx"),
]

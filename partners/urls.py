from django.urls import path

from foundation.ratelimit import throttle
from partners import views, views_editor, views_import, views_invitations
from partners.lifecycle import views_reports, views_reviews

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", throttle("export")(views.export_csv), name="export_csv"),
    path("export.xlsx", throttle("export")(views.export_xlsx), name="export_xlsx"),
    path("<slug:slug>/", views.detail, name="detail"),
]

# NGO self-service, included at /<lang>/my/organisation/ by portal/urls.py.
editor_patterns = (
    [
        path("", views_editor.profile_edit, name="profile"),
        path("contacts/", views_editor.profile_contacts, name="profile_contacts"),
        path("delegates/", views_editor.profile_delegates, name="profile_delegates"),
        path("withdraw/", views_editor.profile_withdraw, name="profile_withdraw"),
        path("actions/", views_editor.action_list, name="actions"),
        path("actions/new/", views_editor.action_create, name="action_create"),
        path("actions/<int:pk>/", views_editor.action_edit, name="action_edit"),
        path(
            "actions/<int:pk>/unpublish/",
            views_editor.action_unpublish,
            name="action_unpublish",
        ),
        path("join/<str:token>/", views_editor.invitation_join, name="join"),
        path("report/", views_reports.report_edit, name="report"),
        path(
            "report/attachments/",
            views_reports.report_attachment_add,
            name="report_attachment_add",
        ),
        path(
            "report/attachments/<int:pk>/delete/",
            views_reports.report_attachment_delete,
            name="report_attachment_delete",
        ),
    ],
    "partners_editor",
)

# Secretariat curation, included at /<lang>/my/secretariat/ by portal/urls.py.
curation_patterns = (
    [
        path("revisions/", views_editor.revision_list, name="revision_list"),
        path("revisions/<int:pk>/", views_editor.revision_detail, name="revision_detail"),
        path("revisions/<int:pk>/approve/", views_editor.revision_approve, name="revision_approve"),
        path("revisions/<int:pk>/reject/", views_editor.revision_reject, name="revision_reject"),
        path("partners/<slug:slug>/status/", views_editor.partner_status, name="partner_status"),
        path("reports/", views_reports.report_deadlines, name="report_deadlines"),
        path("reviews/", views_reviews.review_list, name="review_list"),
        path("reviews/<int:pk>/", views_reviews.review_detail, name="review_detail"),
        path("actions/", views_editor.action_moderation, name="action_list"),
        path("import/", views_import.partner_import, name="partner_import"),
        path("import/apply/", views_import.partner_import_apply, name="partner_import_apply"),
        path(
            "import/template.xlsx",
            views_import.partner_import_template,
            name="partner_import_template",
        ),
        path("actions/<int:pk>/hide/", views_editor.action_hide, name="action_hide"),
        path("invitations/", views_invitations.invitation_list, name="invitation_list"),
        path("invitations/new/", views_invitations.invitation_create, name="invitation_create"),
        path(
            "invitations/<int:pk>/resend/",
            views_invitations.invitation_resend,
            name="invitation_resend",
        ),
        path(
            "invitations/<int:pk>/revoke/",
            views_invitations.invitation_revoke,
            name="invitation_revoke",
        ),
    ],
    "curation",
)

# Periodic reports read by the Secretariat and sector focal points, included
# at /<lang>/my/reports/ by portal/urls.py.
report_patterns = (
    [
        path("", views_reports.report_list, name="list"),
        path("<int:pk>/", views_reports.report_detail, name="detail"),
        path("<int:pk>/assess/", views_reports.report_assess, name="assess"),
        path("<int:pk>/comment/", views_reports.report_comment, name="comment"),
        path("attachments/<int:pk>/", views_reports.report_attachment, name="attachment"),
    ],
    "reports",
)

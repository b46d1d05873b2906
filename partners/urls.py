from django.urls import path

from foundation.ratelimit import throttle
from partners import views, views_editor, views_invitations

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
        path("actions/", views_editor.action_moderation, name="action_list"),
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

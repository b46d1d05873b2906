"""URLs of issue 19 (calls for proposals, participation, the door), in the forums namespace."""

from django.urls import path

from forums import views_participation as views
from forums import views_setup

urlpatterns = [
    path("<slug:slug>/call/", views.call_detail, name="call"),
    path("<slug:slug>/call/propose/", views.propose, name="propose"),
    path("<slug:slug>/proposals/", views.proposal_list, name="proposals"),
    path("<slug:slug>/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("<slug:slug>/proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path(
        "<slug:slug>/proposals/<int:pk>/schedule/",
        views.proposal_schedule,
        name="proposal_schedule",
    ),
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/participate/", views.participate, name="participate"),
    path("<slug:slug>/participation/<int:pk>/", views.participation, name="participation"),
    path(
        "<slug:slug>/participation/<int:pk>/confirm/",
        views.participation_confirm,
        name="participation_confirm",
    ),
    path(
        "<slug:slug>/participation/<int:pk>/cancel/",
        views.participation_cancel,
        name="participation_cancel",
    ),
    path(
        "<slug:slug>/participation/<int:pk>/feedback/<int:item_pk>/",
        views.participation_feedback,
        name="participation_feedback",
    ),
    path(
        "<slug:slug>/participation/<int:pk>/agenda.ics",
        views.agenda_calendar,
        name="agenda_calendar",
    ),
    path("<slug:slug>/participation/<int:pk>/badge.pdf", views.badge, name="badge"),
    path(
        "<slug:slug>/participation/<int:pk>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path("<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/check-in/record/", views.check_in_record, name="check_in_record"),
    path(
        "<slug:slug>/check-in/sw.js",
        views_setup.check_in_service_worker,
        name="check_in_service_worker",
    ),
    path("<slug:slug>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("<slug:slug>/attendance.xlsx", views.attendance_xlsx, name="attendance_xlsx"),
    # The organisers' set-up pages.
    path("<slug:slug>/call/edit/", views_setup.call_edit, name="call_edit"),
    path(
        "<slug:slug>/registration-types/",
        views_setup.registration_types,
        name="registration_types",
    ),
    path(
        "<slug:slug>/registration-types/new/",
        views_setup.registration_type_new,
        name="registration_type_new",
    ),
    path(
        "<slug:slug>/registration-types/<int:pk>/",
        views_setup.registration_type_edit,
        name="registration_type_edit",
    ),
    path(
        "<slug:slug>/programme/sessions/new/",
        views_setup.programme_item_new,
        name="programme_item_new",
    ),
    path(
        "<slug:slug>/programme/sessions/<int:pk>/",
        views_setup.programme_item_edit,
        name="programme_item_edit",
    ),
    path("<slug:slug>/participants/", views_setup.participants, name="participants"),
]

from django.urls import path

from dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("", views.hearing_list, name="list"),
    path("<int:pk>/", views.hearing_detail, name="detail"),
    path("<int:pk>/calendar.ics", views.hearing_ics, name="calendar"),
    path("<int:pk>/interest/", views.interest_express, name="interest"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("requests/", views.request_list_mine, name="my_requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/cosponsors/", views.cosponsor_invite, name="cosponsor_invite"),
    path("requests/<int:pk>/cosponsors/join/", views.cosponsor_join, name="cosponsor_join"),
    path("secretariat/", views.queue, name="queue"),
    path("secretariat/<int:pk>/", views.triage, name="triage"),
    path("secretariat/<int:pk>/decision/", views.triage_transition, name="triage_transition"),
    path("secretariat/<int:pk>/schedule/", views.triage_schedule, name="triage_schedule"),
    path("secretariat/<int:pk>/participants/", views.triage_select, name="triage_select"),
    path("secretariat/<int:pk>/edit/", views.triage_edit, name="triage_edit"),
    path("secretariat/<int:pk>/outcome/", views.triage_outcome, name="triage_outcome"),
]

from django.urls import path

from forums import views_events as views
from foundation.ratelimit import throttle

app_name = "forums"

# The all-events calendar (`forums:feed`, /<lang>/forums/calendar.ics) joins
# forums and dialogue, so the site's composition adds it in portal/urls.py.

urlpatterns = [
    path("", views.event_list, name="list"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", throttle("calendar")(views.event_calendar), name="calendar"),
    path("<slug:slug>/register/", views.register, name="register"),
    path(
        "<slug:slug>/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("<slug:slug>/registrations/", views.registrations, name="registrations"),
    path("<slug:slug>/registrations.csv", views.registrations_csv, name="registrations_csv"),
    path("<slug:slug>/registrations.xlsx", views.registrations_xlsx, name="registrations_xlsx"),
    path("<slug:slug>/files/<uuid:file_id>/", views.event_file, name="file"),
    path("<slug:slug>/documents/", views.event_documents, name="documents"),
    path(
        "<slug:slug>/documents/<int:pk>/publish/",
        views.event_document_publish,
        name="document_publish",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/unpublish/",
        views.event_document_unpublish,
        name="document_unpublish",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/delete/",
        views.event_document_delete,
        name="document_delete",
    ),
]

# Issue 19: calls for proposals, participation, the door.
from forums.urls_participation import urlpatterns as participation_urlpatterns  # noqa: E402

urlpatterns += participation_urlpatterns

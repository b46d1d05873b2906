from django.urls import path

from forums import views_groups as views

app_name = "working_groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/meetings/new/", views.meeting_edit, name="meeting_create"),
    path("<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/documents/new/", views.document_create, name="document_create"),
    path("<slug:slug>/documents/<int:pk>/", views.document_detail, name="document"),
    path("<slug:slug>/documents/<int:pk>/versions/", views.version_create, name="version_create"),
    path("<slug:slug>/documents/<int:pk>/submit/", views.document_submit, name="document_submit"),
    path(
        "<slug:slug>/documents/<int:pk>/publish/", views.document_publish, name="document_publish"
    ),
    path(
        "<slug:slug>/documents/<int:pk>/comment/", views.document_comment, name="document_comment"
    ),
    path("<slug:slug>/files/<uuid:file_id>/", views.document_file, name="file"),
]

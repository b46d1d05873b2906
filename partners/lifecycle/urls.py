from django.urls import path

from partners.lifecycle import views

app_name = "partnership"

urlpatterns = [
    path("", views.about, name="about"),
    path("apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/documents/", views.document_add, name="document_add"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/remove/",
        views.document_remove,
        name="document_remove",
    ),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/comment/", views.application_comment, name="application_comment"),
    path("applications/<int:pk>/letter/", views.letter_edit, name="letter_edit"),
    path("applications/<int:pk>/letter/sign/", views.letter_sign, name="letter_sign"),
    path("applications/<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("examination/", views.examination_queue, name="queue"),
    path("executive-board/", views.board_list, name="board_list"),
    path("executive-board.xlsx", views.board_list_xlsx, name="board_list_xlsx"),
    path("executive-board.pdf", views.board_list_pdf, name="board_list_pdf"),
]

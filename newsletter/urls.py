from django.urls import path, register_converter

from newsletter import views


class MonthConverter:
    regex = r"\d{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(MonthConverter, "month")

app_name = "newsletter"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<month:month>/", views.issue, name="issue"),
    path("<month:month>.pdf", views.issue_pdf, name="issue_pdf"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("mailings/<int:pk>/", views.mailing, name="mailing"),
    path("manage/", views.manage, name="manage"),
    path("manage/mailings/", views.manage_mailings, name="manage_mailings"),
    path("manage/mailings/new/", views.manage_mailing_new, name="manage_mailing_new"),
    path("manage/mailings/audience/", views.manage_audience, name="manage_audience"),
    path("manage/mailings/<int:pk>/", views.manage_mailing, name="manage_mailing"),
    path("manage/mailings/<int:pk>/edit/", views.manage_mailing_edit, name="manage_mailing_edit"),
    path(
        "manage/mailings/<int:pk>/approve/",
        views.manage_mailing_approve,
        name="manage_mailing_approve",
    ),
    path("manage/suppressed/", views.manage_suppressions, name="manage_suppressions"),
    path(
        "manage/suppressed/<int:pk>/reinstate/",
        views.manage_suppression_reinstate,
        name="manage_suppression_reinstate",
    ),
    path("manage/bounces/", views.manage_bounces, name="manage_bounces"),
    path("manage/bounces/<int:pk>/", views.manage_bounce, name="manage_bounce"),
    path(
        "manage/bounces/<int:pk>/handled/",
        views.manage_bounce_handled,
        name="manage_bounce_handled",
    ),
    path(
        "manage/bounces/<int:pk>/classify/",
        views.manage_bounce_classify,
        name="manage_bounce_classify",
    ),
    path("manage/build/", views.manage_build, name="manage_build"),
    path("manage/<month:month>/", views.manage_issue, name="manage_issue"),
    path("manage/<month:month>/note/", views.manage_note, name="manage_note"),
    path("manage/<month:month>/send/", views.manage_send, name="manage_send"),
    path("manage/<month:month>/test/", views.manage_test, name="manage_test"),
    path("manage/<month:month>/approve/", views.manage_approve, name="manage_approve"),
    path("manage/<month:month>/resume/", views.manage_resume, name="manage_resume"),
    path("manage/<month:month>/preview/", views.manage_preview, name="manage_preview"),
    path("manage/<month:month>/preview.pdf", views.manage_preview_pdf, name="manage_preview_pdf"),
    path("manage/<month:month>/deliveries/", views.manage_deliveries, name="manage_deliveries"),
]

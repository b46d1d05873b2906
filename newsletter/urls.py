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
    path("manage/", views.manage, name="manage"),
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

"""Mounted under /<lang>/accounts/ before allauth's own patterns, so that the
first one wins for the "activate TOTP" path (same name, same path)."""

from django.urls import path

from foundation.accounts import views_enrolment

urlpatterns = [
    path("2fa/enrol/", views_enrolment.enrolment_code, name="enrolment_code"),
    path(
        "2fa/totp/activate/",
        views_enrolment.activate_totp_after_mailbox_proof,
        name="mfa_activate_totp",
    ),
]

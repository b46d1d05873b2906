"""Mounted under /<lang>/accounts/ before allauth's own patterns, so that the
first one wins for the "activate TOTP" and the re-authentication paths (same
names, same paths)."""

from django.urls import path

from foundation.accounts import views_enrolment, views_reauth

urlpatterns = [
    path("2fa/enrol/", views_enrolment.enrolment_code, name="enrolment_code"),
    path(
        "2fa/totp/activate/",
        views_enrolment.activate_totp_after_mailbox_proof,
        name="mfa_activate_totp",
    ),
    path("reauthenticate/", views_reauth.reauthenticate_by_password, name="account_reauthenticate"),
    path("2fa/reauthenticate/", views_reauth.reauthenticate_by_code, name="mfa_reauthenticate"),
]

"""A sign-in that has just passed every factor the account has counts as a
fresh authentication: without this, allauth would ask for the password again
right after signing in, since it counts only explicit re-authentications."""

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY


def count_sign_in_as_fresh(sender, request, user, **kwargs):
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if not isinstance(records, list) or not records:
        return
    records[-1] = {**records[-1], "reauthenticated": True}
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records

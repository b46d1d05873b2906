"""Re-authentication that returns the user to what they were doing.

allauth keeps the POST that needed a fresh sign-in and, once the password or
the authenticator code is entered, runs the view again inside the
re-authentication request: the result (a form with an error, a page) then
shows under /accounts/reauthenticate/, and a form there without an explicit
action posts to the wrong place. Here the kept POST goes back to the browser
instead, as a form addressed to the page it came from, submitted at once by
a small script (or by the user's click without scripts): the action runs at
its own address, with the user's input as typed.

Mounted at allauth's own paths and names, before allauth's patterns.
"""

import json
from urllib.parse import urlsplit

from allauth.account.internal.flows.reauthentication import STATE_SESSION_KEY
from allauth.account.utils import get_next_redirect_url
from allauth.account.views import ReauthenticateView as PasswordReauthenticateView
from allauth.mfa.base.views import ReauthenticateView as CodeReauthenticateView
from django.http import QueryDict
from django.shortcuts import render

# Never carried back: Django issues a fresh token in the page.
_NOT_CARRIED = {"csrfmiddlewaretoken"}


def _continue_page(request):
    """The page that sends the kept POST again, or None when there is none
    for the page the user is going back to (allauth then redirects there)."""
    state = request.session.get(STATE_SESSION_KEY)
    next_url = get_next_redirect_url(request)
    if not isinstance(state, dict) or "request" not in state or not next_url:
        return None
    kept = json.loads(state["request"])
    if kept.get("method") != "POST" or urlsplit(next_url).path != kept.get("path"):
        return None
    request.session.pop(STATE_SESSION_KEY)
    fields = [
        (name, value)
        for name, values in QueryDict(kept.get("POST", "")).lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
    context = {"action": next_url, "fields": fields}
    return render(request, "account/reauthenticate_continue.html", context)


class _ContinueMixin:
    def form_valid(self, form):
        # Decided before allauth's form_valid, which would replay the POST;
        # allauth still records the re-authentication.
        continue_page = _continue_page(self.request)
        response = super().form_valid(form)
        return continue_page if continue_page is not None else response


class PasswordView(_ContinueMixin, PasswordReauthenticateView):
    pass


class CodeView(_ContinueMixin, CodeReauthenticateView):
    pass


reauthenticate_by_password = PasswordView.as_view()
reauthenticate_by_code = CodeView.as_view()

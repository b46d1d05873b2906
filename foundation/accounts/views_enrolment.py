"""The first authenticator of a Secretariat account needs more than the password.

Whoever learns a Secretariat password must not be able to enrol their own
device and so own the account. Before allauth's "activate TOTP" page opens
for a Secretariat account that has no authenticator yet, the session proves
it can read the account's mailbox: a six-digit code, emailed to the account's
verified address, valid 15 minutes, five tries.
"""

import hashlib
import hmac
import secrets
import time

from allauth.account.adapter import get_adapter
from allauth.mfa.totp.views import activate_totp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from foundation.accounts.permissions import is_secretariat, owns_second_factor
from foundation.ratelimit import hit

CODE_SESSION_KEY = "enrolment_code"
PROVEN_SESSION_KEY = "enrolment_mailbox_proven_at"
CODE_VALIDITY_SECONDS = 15 * 60
MAX_ATTEMPTS = 5
CODES_PER_HOUR = 5


def _digest(code: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{code}".encode()).hexdigest()


def needs_mailbox_proof(request) -> bool:
    user = request.user
    if not (is_secretariat(user) and not owns_second_factor(user)):
        return False
    proven_at = request.session.get(PROVEN_SESSION_KEY)
    return not (
        isinstance(proven_at, int | float) and time.time() - proven_at < CODE_VALIDITY_SECONDS
    )


def _safe_next(request) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _send_code(request) -> None:
    code = f"{secrets.randbelow(1_000_000):06d}"
    request.session[CODE_SESSION_KEY] = {
        "digest": _digest(code),
        "sent_at": time.time(),
        "attempts": 0,
    }
    # Sent at once, like allauth's own account emails (the person is waiting
    # for it), not through the outbox: its row would keep the code.
    get_adapter(request).send_mail(
        "accounts/email/enrolment_code",
        request.user.email,
        {"user": request.user, "code": code, "minutes": CODE_VALIDITY_SECONDS // 60},
    )


def _check_code(request, code: str) -> str | None:
    """None when the code is right; otherwise the message to show."""
    state = request.session.get(CODE_SESSION_KEY)
    if not isinstance(state, dict) or time.time() - state.get("sent_at", 0) > (
        CODE_VALIDITY_SECONDS
    ):
        return _("This code has expired. Ask for a new one.")
    if state.get("attempts", 0) >= MAX_ATTEMPTS:
        return _("Too many wrong codes. Ask for a new one.")
    state["attempts"] = state.get("attempts", 0) + 1
    request.session[CODE_SESSION_KEY] = state
    if not hmac.compare_digest(state.get("digest", ""), _digest(code.strip())):
        return _("This code is not right. Check the latest email and try again.")
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def enrolment_code(request):
    """Step before the first authenticator of a Secretariat account."""
    next_url = _safe_next(request)
    activate_url = reverse("mfa_activate_totp")
    if next_url:
        activate_url += "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
    if not needs_mailbox_proof(request):
        return redirect(activate_url)
    error = None
    if request.method == "POST" and request.POST.get("action") == "send":
        retry_after = hit(
            scope="enrolment-code", key=str(request.user.pk), limit=CODES_PER_HOUR, period=3600
        )
        if retry_after is not None:
            error = _("Too many codes were asked for. Try again in an hour.")
        else:
            _send_code(request)
            messages.success(
                request, _("A code is on its way to %(email)s.") % {"email": request.user.email}
            )
    elif request.method == "POST":
        error = _check_code(request, request.POST.get("code", ""))
        if error is None:
            request.session.pop(CODE_SESSION_KEY, None)
            request.session[PROVEN_SESSION_KEY] = time.time()
            return redirect(activate_url)
    return render(
        request,
        "accounts/enrolment_code.html",
        {
            "code_sent": CODE_SESSION_KEY in request.session,
            "error": error,
            "next": next_url,
            "email": request.user.email,
        },
        status=400 if error else 200,
    )


def activate_totp_after_mailbox_proof(request, *args, **kwargs):
    """allauth's "activate TOTP" page, behind the mailbox proof for the Secretariat."""
    if request.user.is_authenticated and needs_mailbox_proof(request):
        target = reverse("enrolment_code")
        next_url = request.GET.get(REDIRECT_FIELD_NAME)
        if next_url:
            target += "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
        return redirect(target)
    return activate_totp(request, *args, **kwargs)

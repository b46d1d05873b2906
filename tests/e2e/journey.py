"""The journey helper: pages, sign-in, accessibility check, error recording."""

import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import sign_in
from tests.gates.checks import AXE_JS, AXE_TAGS, axe_counts, axe_failures

E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
LOCALES = {"fr": "fr-FR", "en": "en-GB", "es": "es-ES"}


def totp_code(user) -> str:
    """The current TOTP code of a user's authenticator, as their phone would show it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


class Journey:
    """One test's browser session(s) against the live server."""

    # Filled by every axe_check of the run; test_accessibility prints it.
    axe_totals: dict[str, int] = {}
    axe_pages: int = 0

    def __init__(self, *, browser, base_url: str, timeout_ms: int):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.timeout_ms = timeout_ms
        self.contexts = []
        self.errors: list[str] = []
        self._page = None

    # --- pages -------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def new_page(self, *, language: str = "en", axe: bool = False, **context_options):
        """A page in a fresh browser context. With `axe`, axe-core is preloaded
        into every document (an init script, outside the page's CSP), which
        saves re-sending its 500 kB on each axe_run."""
        context = self.browser.new_context(
            locale=LOCALES.get(language, language),
            base_url=self.base_url,
            accept_downloads=True,
            **context_options,
        )
        context.set_default_timeout(self.timeout_ms)
        if axe:
            context.add_init_script(path=str(AXE_JS))
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    @property
    def page(self):
        """A visitor's page (English browser)."""
        if self._page is None:
            self._page = self.new_page()
        return self._page

    def _console(self, page, message):
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or "Refused to" in text or "Uncaught" in text
        ):
            self.errors.append(f"{page.url}: {text}")

    def close(self):
        for context in self.contexts:
            context.close()

    def assert_no_page_errors(self):
        assert self.errors == [], "CSP violations or script errors:\n" + "\n".join(self.errors)

    # --- signing in --------------------------------------------------------

    def as_user(
        self, user, *, via: str = "cookie", language: str = "en", axe: bool = False, page=None
    ):
        """A page signed in as `user`: by injecting a session cookie (fast), or
        through the real login form, with the TOTP step for the Secretariat."""
        page = page or self.new_page(language=language, axe=axe)
        if user is None:
            return page
        if via == "form":
            self.login_through_form(page, user, language=language)
        else:
            self._inject_session(page, user)
        return page

    def _inject_session(self, page, user):
        from django.conf import settings
        from django.test import Client

        client = Client()
        sign_in(client, user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "domain": urlsplit(self.base_url).hostname,
                    "path": "/",
                    "httpOnly": True,
                    "secure": settings.SESSION_COOKIE_SECURE,
                    "sameSite": "Lax",
                }
            ]
        )

    def login_through_form(self, page, user, *, language: str = "en", password: str = PASSWORD):
        page.goto(self.url(f"/{language}/accounts/login/"))
        page.locator("input[name=login]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        page.locator("form[action$='/accounts/login/'] [type=submit]").click()
        page.wait_for_load_state()
        if "/2fa/authenticate" in page.url:
            page.locator("input[name=code]").fill(totp_code(user))
            page.locator("form:has(input[name=code]) [type=submit]").first.click()
            page.wait_for_load_state()
        assert "/accounts/login" not in page.url, f"login of {user.email} failed: {page.url}"
        assert "/2fa/" not in page.url, f"TOTP step of {user.email} failed: {page.url}"

    # --- accessibility -----------------------------------------------------

    def axe_run(self, page) -> dict:
        """Run axe-core on the page as it is now, WCAG 2.1 A and AA rules.

        page.evaluate() goes through the DevTools protocol, which the page's
        Content-Security-Policy does not govern, so axe runs on the page as
        served (no bypass_csp, which would also hide the CSP violations that
        the journey records).
        """
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        return page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            list(AXE_TAGS),
        )

    def axe_check(self, page) -> dict:
        """Assert no serious or critical WCAG 2.1 AA violation on the page."""
        results = self.axe_run(page)
        Journey.axe_pages += 1
        for impact, count in axe_counts(results).items():
            Journey.axe_totals[impact] = Journey.axe_totals.get(impact, 0) + count
        failures = axe_failures(results)
        assert failures == [], f"{page.url}:\n" + "\n".join(failures)
        return results


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)

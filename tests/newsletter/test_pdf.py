import datetime
import io
import logging
import re

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from foundation import pdf as foundation_pdf
from newsletter import pdf, services
from newsletter.models import Issue
from tests.factories import ActionFactory, PartnerFactory
from tests.newsletter.factories import IssueFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<link rel=attachment href=file:///etc/passwd><img src=http://evil.example/x.png><b>bold</b>"
)


def _text(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def _january_action(**kwargs):
    action = ActionFactory(**kwargs)
    when = timezone.make_aware(datetime.datetime(2025, 1, 10, 12))
    type(action).objects.filter(pk=action.pk).update(created_at=when)
    return action


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://evil.example/x.png",
        "https://evil.example/x.png",
        "ftp://evil.example/x",
        "https://portal.example.org/admin/",
        "https://portal.example.org/static/../../../../etc/passwd",
        "https://portal.example.org/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "https://portal.example.org/static/css/missing.css",
        "https://portal.example.org/media/../settings.py",
        "https://portal.example.org.evil.example/static/css/portal.css",
        "http://portal.example.org:8080/static/css/portal.css",
        "https://portal.example.org/static/css/portal.css%00.png",
        "javascript:alert(1)",
        "gopher://portal.example.org/",
    ],
)
def test_fetcher_refuses_anything_outside_project_files(url):
    fetcher = pdf.ProjectFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.fetched == []


def test_fetcher_serves_project_static_files_and_data_urls():
    fetcher = pdf.ProjectFilesFetcher()
    css = fetcher.fetch(f"{settings.SITE_URL}/static/newsletter/print.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"
    static_file = settings.BASE_DIR / "static" / "css" / "portal.css"
    assert b"--blue" in fetcher.fetch(static_file.as_uri()).read()


def test_fetcher_refuses_file_urls_outside_roots_even_through_symlinks(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "escape").symlink_to("/etc/passwd")
    (settings.MEDIA_ROOT / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    fetcher = pdf.ProjectFilesFetcher()
    assert fetcher.fetch(f"{settings.SITE_URL}/media/logo.svg").read().startswith(b"<svg")
    for url in (f"{settings.SITE_URL}/media/escape", (settings.MEDIA_ROOT / "escape").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_is_a4_with_page_numbers_and_links():
    partner = PartnerFactory(name_en="Lifelong Learning Alliance", since=datetime.date(2025, 1, 8))
    _january_action(partner=partner, title_en="Literacy caravan", link="https://example.org/c")
    issue = IssueFactory()
    document = services.issue_render_pdf(issue=issue, language="en")
    reader = PdfReader(io.BytesIO(document))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = _text(document)
    assert "Lifelong Learning Alliance" in text
    assert "Literacy caravan" in text
    assert "1 / " in text  # page number in the footer
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert "https://example.org/c" in uris
    assert f"{settings.SITE_URL}/en/partners/{partner.slug}/" in uris


def test_pdf_language_follows_the_rendition():
    PartnerFactory(
        name_en="Heritage Network",
        name_fr="Réseau du patrimoine",
        name_es="Red del patrimonio",
        since=datetime.date(2025, 1, 8),
    )
    issue = IssueFactory()
    assert "Réseau du patrimoine" in _text(services.issue_render_pdf(issue=issue, language="fr"))
    assert "Bienvenidos" in _text(services.issue_render_pdf(issue=issue, language="es"))


def test_hostile_partner_text_renders_escaped_and_fetches_nothing(monkeypatch):
    partner = PartnerFactory(name_en=f"Evil {HOSTILE}", since=datetime.date(2025, 1, 8))
    partner.mission_en = HOSTILE
    partner.save()
    _january_action(partner=partner, title_en=HOSTILE, text_en=HOSTILE)
    issue = IssueFactory(editorial_note_en=HOSTILE)
    fetchers = []

    class Recording(pdf.ProjectFilesFetcher):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.asked = []
            fetchers.append(self)

        def fetch(self, url, headers=None):
            self.asked.append(url)
            return super().fetch(url, headers)

    # The renderer lives in the foundation (the letters use it too): record there.
    monkeypatch.setattr(foundation_pdf, "ProjectFilesFetcher", Recording)
    html = services.issue_render_html_preview(issue=issue, language="en")
    assert "<link rel=attachment" not in html
    assert "&lt;link rel=attachment href=file:///etc/passwd&gt;" in html
    document = pdf.render_pdf(html)
    (fetcher,) = fetchers
    assert fetcher.asked == [f"{settings.SITE_URL}/static/newsletter/print.css"]
    assert b"/EmbeddedFile" not in document
    assert b"root:x:0:0" not in document
    text = _text(document)
    assert "<img src=http://evil.example/x.png>" in text
    assert "<b>bold</b>" in text


def test_rendition_is_stored_once_per_language(caplog):
    issue = IssueFactory(status=Issue.Status.SENDING)
    with caplog.at_level(logging.INFO, logger="newsletter"):
        first = services.issue_rendition(issue=issue, language="fr")
    # The storage adds a random suffix when an earlier test left the same name.
    stored_name = r"newsletter/unesco-ngo-newsletter-2025-01-fr(_\w{7})?\.pdf"
    assert re.fullmatch(stored_name, first.pdf.name)
    assert first.pdf_size == first.pdf.size > 1000
    assert f"newsletter 2025-01: rendered fr ({first.pdf_size} bytes)" in caplog.messages
    again = services.issue_rendition(issue=issue, language="fr")
    assert first.pk == again.pk
    issue.refresh_from_db()
    assert issue.pdf_renders == 1
    with first.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert "Bienvenue dans la lettre de janvier." in first.email_text
    assert services.UNSUBSCRIBE_PLACEHOLDER in first.email_html
    # The email's parts, in the rendition's language, with the links filled in
    # per recipient at sending.
    assert first.email_subject == "Lettre d'information du partenariat ONG–UNESCO – janvier 2025"
    web_url = f"{settings.SITE_URL}/fr/newsletters/2025-01/"
    for part in (first.email_text, first.email_html):
        assert "Lettre d'information – janvier 2025" in part
        assert web_url in part
        assert services.UNSUBSCRIBE_PLACEHOLDER in part
        assert services.PREFERENCES_PLACEHOLDER in part
    assert first.email_text.startswith("Lettre d'information – janvier 2025\n")


def test_draft_rendered_ahead_is_kept_at_sending_when_unchanged():
    issue = IssueFactory()
    assert services.issue_render_ahead(issue_id=issue.pk) == 3
    ahead = {rendition.language: rendition.pk for rendition in issue.renditions.all()}
    assert not issue.renditions.filter(final=True).exists()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    services.issue_prepare_sending(issue=issue)
    issue.refresh_from_db()
    assert issue.pdf_renders == 3
    kept = {rendition.language: rendition.pk for rendition in issue.renditions.all()}
    assert kept == ahead
    assert issue.renditions.filter(final=True).count() == 3


def test_draft_rendered_ahead_is_rendered_again_when_its_content_changed():
    issue = IssueFactory()
    services.issue_render_ahead(issue_id=issue.pk)
    # A change the renditions were not dropped for (content from the rest of
    # the portal, here the note written behind the service's back).
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SENDING, editorial_note_fr="Une note revue après le rendu."
    )
    issue.refresh_from_db()
    services.issue_prepare_sending(issue=issue)
    issue.refresh_from_db()
    assert issue.pdf_renders == 4
    french = issue.renditions.get(language="fr")
    assert french.final
    with french.pdf.open("rb") as handle:
        assert "Une note revue après le rendu." in _text(handle.read())
    # Final: a later change no longer touches what was approved.
    Issue.objects.filter(pk=issue.pk).update(editorial_note_fr="Encore autre chose.")
    assert services.issue_rendition(issue=issue, language="fr").pk == french.pk
    issue.refresh_from_db()
    assert issue.pdf_renders == 4


def test_building_and_editing_a_draft_queue_its_rendering(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_build(month=datetime.date(2025, 1, 1))
    assert sorted(issue.renditions.values_list("language", flat=True)) == ["en", "es", "fr"]
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_update_note(issue=issue, notes={"en": "A new note."})
    issue.refresh_from_db()
    assert issue.pdf_renders == 6
    assert "A new note." in issue.renditions.get(language="en").email_text


def test_a_rendition_lists_the_months_content_in_its_email_and_pdf():
    _january_action(title_en="Reading caravan", published=True)
    issue = IssueFactory(status=Issue.Status.SENDING)
    rendition = services.issue_rendition(issue=issue, language="en")
    assert "- Reading caravan" in rendition.email_text
    assert "Reading caravan" in rendition.email_html
    with rendition.pdf.open("rb") as handle:
        assert "Reading caravan" in _text(handle.read())


def test_each_issue_has_its_own_renditions():
    january = IssueFactory(status=Issue.Status.SENDING)
    first = services.issue_rendition(issue=january, language="en")
    february = IssueFactory(month=datetime.date(2025, 2, 1), status=Issue.Status.SENDING)
    second = services.issue_rendition(issue=february, language="en")
    assert second.pk != first.pk and second.issue_id == february.pk
    assert "February 2025" in second.email_subject
    assert february.renditions.get().pk == second.pk


def test_rendering_ahead_takes_only_the_draft_asked_for():
    sending = IssueFactory(month=datetime.date(2025, 2, 1), status=Issue.Status.SENDING)
    draft = IssueFactory()
    assert services.issue_render_ahead(issue_id=sending.pk) == 0
    assert services.issue_render_ahead(issue_id=0) == 0
    assert not sending.renditions.exists() and not draft.renditions.exists()
    assert services.issue_render_ahead(issue_id=draft.pk) == 3
    assert not sending.renditions.exists()
    assert sorted(draft.renditions.values_list("language", flat=True)) == ["en", "es", "fr"]


def test_a_rendition_kept_at_approval_is_returned_as_final():
    issue = IssueFactory()
    services.issue_render_ahead(issue_id=issue.pk)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    kept = services.issue_rendition(issue=issue, language="es")
    assert kept.final is True
    assert issue.renditions.get(language="es").final is True

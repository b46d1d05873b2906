"""Registration for every kind of participant, waiting lists, badges, check-in,
certificates (issue 19)."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from forums import badges
from forums import services_attendance as services
from forums.models import CheckIn, Registration
from foundation.links import make_link_token, read_link_token
from foundation.mail.models import Email
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.forums.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationTypeFactory,
    register_person,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def event(partner_b):
    event = EventFactory(slug="forum-2026", kind="ciong")
    event.organisers.add(partner_b)
    return event


def test_each_kind_of_type_has_its_own_participants(
    event, editor_a, verified_delegate, unverified_delegate, partner_a
):
    ngo = RegistrationTypeFactory(event=event, kind="ngo")
    delegation = RegistrationTypeFactory(event=event, kind="delegation")
    public = RegistrationTypeFactory(event=event, kind="public")
    individual = UserFactory()
    with pytest.raises(PermissionDenied):
        register_person(ngo, individual)
    with pytest.raises(PermissionDenied):
        register_person(delegation, unverified_delegate)
    rep = register_person(ngo, editor_a, 1, is_voting_delegate=True)
    assert rep.partner == partner_a and rep.is_voting_delegate
    delegate = register_person(delegation, verified_delegate, 2)
    assert delegate.country == "SN" and delegate.partner is None
    person = register_person(public, individual, 3, organisation="Commission nationale")
    assert person.status == S.CONFIRMED


def test_the_one_voting_delegate_rule_is_kept(event, editor_a):
    ngo = RegistrationTypeFactory(event=event, kind="ngo")
    register_person(ngo, editor_a, 1, is_voting_delegate=True)
    with pytest.raises(ValidationError, match="already has a voting delegate"):
        register_person(ngo, editor_a, 2, is_voting_delegate=True)


@pytest.mark.parametrize(("opens", "closes"), [(1, 3), (-5, -1)], ids=["before", "after"])
def test_registration_only_between_the_types_dates(event, opens, closes):
    today = timezone.localdate()
    rtype = RegistrationTypeFactory(
        event=event,
        opens_on=today + datetime.timedelta(days=opens),
        closes_on=today + datetime.timedelta(days=closes),
    )
    with pytest.raises(ValidationError, match="not open"):
        register_person(rtype, UserFactory())


def test_full_type_puts_people_on_the_waiting_list_and_a_cancellation_offers_the_place_once(
    event,
):
    rtype = RegistrationTypeFactory(event=event, capacity=2, confirm_days=3)
    users = [UserFactory() for _ in range(4)]
    first, second, third, fourth = (register_person(rtype, u, n) for n, u in enumerate(users))
    assert [r.status for r in (first, second, third, fourth)] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITING,
        S.WAITING,
    ]
    services.cancel(registration=first, user=users[0])
    services.cancel(registration=first, user=users[0])  # twice frees one place only
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == S.OFFERED and fourth.status == S.WAITING
    offer = Email.objects.get(to="person2@example.org", template="forums-participation-offered")
    assert offer.language == "fr" and "place" in offer.subject.lower()
    services.confirm_offer(registration=third, user=users[2])
    third.refresh_from_db()
    assert third.status == S.CONFIRMED


def test_an_expired_offer_goes_to_the_next_person(event):
    rtype = RegistrationTypeFactory(event=event, capacity=1, confirm_days=2)
    users = [UserFactory() for _ in range(3)]
    regs = [register_person(rtype, u, n) for n, u in enumerate(users)]
    services.cancel(registration=regs[0], user=users[0])
    regs[1].refresh_from_db()
    assert regs[1].status == S.OFFERED
    later = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="expired"):
        services.confirm_offer(registration=regs[1], user=users[1], now=later)
    assert services.expire_offers(now=later) == 1
    assert services.expire_offers(now=later) == 0
    statuses = list(
        Registration.objects.filter(pk__in=[r.pk for r in regs])
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [S.CANCELLED, S.CANCELLED, S.OFFERED]


def test_the_same_address_twice_under_one_type_is_refused(event):
    rtype = RegistrationTypeFactory(event=event)
    user = UserFactory()
    register_person(rtype, user, 1)
    with pytest.raises(ValidationError, match="already registered"):
        register_person(rtype, user, 1)


def _confirmed(event, language="fr"):
    rtype = RegistrationTypeFactory(event=event, name_fr="Observateurs", name_es="Observadores")
    return register_person(rtype, UserFactory(), 7, language=language)


def test_the_badge_qr_code_is_read_back_from_the_pdf_and_checks_in_once(event, secretariat):
    import cv2
    import numpy

    registration = _confirmed(event)
    reader = PdfReader(io.BytesIO(badges.badge_pdf(registration)))
    text = reader.pages[0].extract_text()
    assert "Person 7" in text and "OBSERVATEURS" in text
    image = reader.pages[0].images[0].image.convert("L")
    # OpenCV's default QR detector misreads about one valid code in twenty
    # (measured on plain PNGs straight from qrcode); its ArUco-based detector
    # read 400 of 400, as a phone's scanner would.
    decoded, _points, _raw = cv2.QRCodeDetectorAruco().detectAndDecode(numpy.array(image))
    value = read_link_token("forums.badge", decoded, max_age=None)
    assert value == {"e": event.pk, "r": registration.pk}
    assert "Person" not in decoded and "@" not in decoded
    found, record, created = services.check_in(event=event, user=secretariat, code=decoded)
    assert found == registration and created
    _found, again, created_again = services.check_in(event=event, user=secretariat, code=decoded)
    assert not created_again and again.pk == record.pk and again.at == record.at
    assert CheckIn.objects.filter(registration=registration).count() == 1


def test_the_typed_code_works_and_forged_or_altered_codes_are_refused(event, secretariat):
    registration = _confirmed(event)
    code = services.badge_code(registration)
    other_event = EventFactory()
    forged = [
        "",
        f"{registration.pk}-0000000000",
        code[:-1] + ("A" if code[-1] != "A" else "B"),
        services.badge_token(registration)[:-2] + "xx",
        make_link_token("another-purpose", {"e": event.pk, "r": registration.pk}),
        make_link_token("forums.badge", {"e": other_event.pk, "r": registration.pk}),
        "x" * 600,
        "1-<script>",
    ]
    for value in forged:
        with pytest.raises(ValidationError):
            services.check_in(event=event, user=secretariat, code=value)
    with pytest.raises(ValidationError):
        services.check_in(event=other_event, user=secretariat, code=code)
    assert not CheckIn.objects.exists()
    assert services.check_in(event=event, user=secretariat, code=code.lower())[2]


def test_a_waiting_or_cancelled_registration_cannot_check_in(event, secretariat):
    rtype = RegistrationTypeFactory(event=event, capacity=0)
    waiting = register_person(rtype, UserFactory(), 1)
    with pytest.raises(ValidationError, match="not confirmed"):
        services.check_in(event=event, user=secretariat, code=services.badge_code(waiting))


def test_door_staff_are_the_organisers(event, editor_a, editor_b):
    registration = _confirmed(event)
    code = services.badge_code(registration)
    with pytest.raises(PermissionDenied):
        services.check_in(event=event, user=editor_a, code=code)
    assert services.check_in(event=event, user=editor_b, code=code)[2]


@pytest.mark.parametrize(
    ("language", "title", "phrase"),
    [
        ("fr", "Certificat de participation", "Forum international"),
        ("es", "Certificado de asistencia", "Foro internacional"),
        ("en", "Certificate of attendance", "International NGO Forum"),
    ],
)
def test_certificate_in_the_participants_language(event, secretariat, language, title, phrase):
    registration = _confirmed(event, language=language)
    services.check_in(event=event, user=secretariat, code=services.badge_code(registration))
    registration = Registration.objects.select_related("check_in", "event").get(pk=registration.pk)
    text = PdfReader(io.BytesIO(badges.certificate_pdf(registration))).pages[0].extract_text()
    assert title in text and phrase in text and "Person 7" in text


def test_certificate_only_for_those_checked_in(client, event, secretariat):
    user = UserFactory()
    rtype = RegistrationTypeFactory(event=event)
    registration = services.register(
        registration_type=rtype, user=user, full_name="Eva", email=user.email, language="es"
    )
    sign_in(client, user)
    base = f"/es/forums/{event.slug}/participation/{registration.pk}/"
    assert client.get(base + "certificate.pdf").status_code == 404
    badge = client.get(base + "badge.pdf")
    assert badge.status_code == 200 and badge["Content-Type"] == "application/pdf"
    services.check_in(event=event, user=secretariat, code=services.badge_code(registration))
    response = client.get(base + "certificate.pdf")
    assert response.status_code == 200
    assert "Certificado" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_check_in_page_is_idempotent_and_refuses_a_forged_code(client, event, secretariat):
    registration = _confirmed(event)
    sign_in(client, secretariat)
    url = f"/en/forums/{event.slug}/check-in/"
    code = services.badge_code(registration)
    assert "Checked in." in client.post(url, {"code": code}).content.decode()
    assert "Already checked in" in client.post(url, {"code": code}).content.decode()
    assert client.post(url, {"code": "999-FORGED1234"}).status_code == 400
    assert client.post(url, {"code": "a\x00b"}).status_code == 400
    record = f"/en/forums/{event.slug}/check-in/record/"
    answer = client.post(record, {"code": code}, content_type="application/json").json()
    assert answer["created"] is False and answer["name"] == "Person 7"
    for body in ("not json", "[]", '{"code": 5}', "\xff"):
        assert client.post(record, body, content_type="application/json").status_code == 400
    assert CheckIn.objects.count() == 1


def test_offline_check_in_keeps_the_time_recorded_on_the_phone(client, event, secretariat):
    registration = _confirmed(event)
    sign_in(client, secretariat)
    at = timezone.now() - datetime.timedelta(minutes=4)
    client.post(
        f"/en/forums/{event.slug}/check-in/record/",
        {"code": services.badge_code(registration), "at": at.isoformat()},
        content_type="application/json",
    )
    assert CheckIn.objects.get().at == at


def test_participation_form_refuses_hostile_input(client, event):
    rtype = RegistrationTypeFactory(event=event)
    other = RegistrationTypeFactory()
    user = UserFactory()
    sign_in(client, user)
    url = f"/en/forums/{event.slug}/participate/"
    good = {
        "registration_type": rtype.pk,
        "full_name": "Zoé",
        "email": "zoe@example.org",
        "language": "fr",
    }
    for hostile in (
        {**good, "registration_type": other.pk},
        {**good, "registration_type": "1 OR 1=1"},
        {**good, "full_name": "a\x00"},
        {**good, "full_name": "a\nb"},
        {**good, "email": "not-an-email"},
        {**good, "language": "xx"},
        {**good, "listening_language": "de"},
        {**good, "accessibility": "x" * 2001},
    ):
        assert client.post(url, hostile).status_code == 400, hostile
    assert not Registration.objects.exists()
    assert client.post(url, good).status_code == 302


def test_attendance_dashboard_query_count(
    client, event, secretariat, django_assert_max_num_queries
):
    for kind in ("ngo", "observer", "delegation", "public"):
        rtype = RegistrationTypeFactory(event=event, kind=kind, capacity=3)
        for n in range(4):
            Registration.objects.create(
                event=event,
                registration_type=rtype,
                full_name=f"P{n}",
                email=f"{kind}{n}@example.org",
                status=S.WAITING if n == 3 else S.CONFIRMED,
                listening_language="en",
            )
    for hour in range(9, 15):
        ProgrammeItemFactory(
            event=event, start_time=datetime.time(hour), end_time=datetime.time(hour, 30)
        )
    sign_in(client, secretariat)
    # 14, and one for whether the event has a call (the link to its proposals).
    with django_assert_max_num_queries(15):
        response = client.get(f"/en/forums/{event.slug}/attendance/")
    assert response.status_code == 200
    csv = b"".join(client.get(f"/en/forums/{event.slug}/attendance.csv").streaming_content)
    csv = csv.decode("utf-8-sig")
    assert csv.count("\n") == 17


def test_attendance_csv_neutralises_formulas(client, event, secretariat):
    rtype = RegistrationTypeFactory(event=event)
    Registration.objects.create(
        event=event, registration_type=rtype, full_name="=HYPERLINK(1)", email="f@example.org"
    )
    sign_in(client, secretariat)
    csv = b"".join(client.get(f"/en/forums/{event.slug}/attendance.csv").streaming_content)
    csv = csv.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv


def test_the_beat_runs_the_expiry_task(event):
    from django.conf import settings

    from forums.tasks import expire_offers

    assert (
        settings.CELERY_BEAT_SCHEDULE["forums-expire-offers"]["task"]
        == "forums.tasks.expire_offers"
    )
    assert expire_offers() == 0


def test_personal_agenda_is_saved_and_exported_to_a_calendar(client, event):
    rtype = RegistrationTypeFactory(event=event)
    user = UserFactory()
    registration = services.register(
        registration_type=rtype, user=user, full_name="Ada", email=user.email, language="en"
    )
    chosen = ProgrammeItemFactory(event=event, title_en="Chosen session", title="Chosen session")
    ProgrammeItemFactory(event=event, title_en="Other session", title="Other session")
    foreign = ProgrammeItemFactory()
    sign_in(client, user)
    base = f"/en/forums/{event.slug}/participation/{registration.pk}/"
    assert client.post(base, {"items": [foreign.pk]}).status_code == 400
    assert client.post(base, {"items": [chosen.pk]}).status_code == 302
    body = client.get(base + "agenda.ics").content.decode()
    assert "Chosen session" in body and "Other session" not in body

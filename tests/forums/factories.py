import datetime
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forums import services_attendance
from forums.models import (
    CommitteeTerm,
    Document,
    DocumentFile,
    DocumentVersion,
    Event,
    ProgrammeItem,
    Recommendation,
    Registration,
    Speaker,
    WorkingGroup,
    WorkingGroupMembership,
)
from forums.services import stored_file_fields
from tests.factories import PartnerFactory, UserFactory


def pdf_bytes(text: str = "Hello") -> bytes:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"% " + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return body


def pdf_upload(name: str = "guide.pdf", text: str = "Hello") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def zip_bytes(entries: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(*, extra: dict[str, bytes] | None = None) -> bytes:
    return zip_bytes(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", **(extra or {})}
    )


def odt_bytes() -> bytes:
    return zip_bytes(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": "<office:document-content/>",
        }
    )


def xlsx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\0" * 20
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 20


class CommitteeTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeTerm

    start_date = datetime.date(2022, 12, 1)
    end_date = datetime.date(2026, 12, 31)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ["slug"]

    name_en = factory.Sequence(lambda n: f"Working group {n}")
    name_fr = factory.Sequence(lambda n: f"Groupe de travail {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    mandate_en = "Strengthen the partnership between NGOs and UNESCO."
    mandate_fr = "Renforcer le partenariat entre les ONG et l'UNESCO."
    created_on = datetime.date(2019, 2, 1)


class WorkingGroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMembership

    working_group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document with version 1 and a PDF per language given; `published=True` publishes it."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    working_group = factory.SubFactory(WorkingGroupFactory)
    kind = Document.Kind.GUIDE
    title_en = factory.Sequence(lambda n: f"Guide {n}")
    title = factory.LazyAttribute(lambda o: o.title_en)
    document_date = datetime.date(2020, 6, 1)

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        version = DocumentVersion.objects.create(document=self, number=1)
        for language in kwargs.get("languages", ["fr", "en"]):
            DocumentFile.objects.create(
                version=version,
                language=language,
                **stored_file_fields(pdf_upload(f"{self.title_en}-{language}.pdf"), folder="test"),
            )
        if extracted:
            self.state = Document.State.PUBLISHED
            self.published_version = version
            self.published_at = timezone.now()
            self.save()


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.FORUM
    title_en = factory.Sequence(lambda n: f"International NGO Forum {n}")
    title_fr = factory.Sequence(lambda n: f"Forum international des ONG {n}")
    title_es = factory.Sequence(lambda n: f"Foro internacional de ONG {n}")
    title = factory.LazyAttribute(lambda o: o.title_en)
    slug = factory.Sequence(lambda n: f"forum-{n}")
    theme_en = "Youth and the future of education"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    time_zone = "Europe/Paris"
    city = "Paris"
    country = "FR"
    venue = "UNESCO Headquarters"
    state = Event.State.REGISTRATION_OPEN


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    day = factory.LazyAttribute(lambda o: o.event.start_date)
    start_time = datetime.time(9, 30)
    end_time = datetime.time(10, 15)
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title = factory.LazyAttribute(lambda o: o.title_en)
    room = "Room I"
    kind = ProgrammeItem.Kind.PLENARY
    interpretation = factory.LazyFunction(lambda: ["fr", "en", "es"])


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    item = factory.SubFactory(ProgrammeItemFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: n + 1)
    text_en = "Member States should involve NGOs in preparing forums."
    text = factory.LazyAttribute(lambda o: o.text_en)
    addressees = factory.LazyFunction(lambda: ["member-states"])


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    partner = factory.SubFactory(PartnerFactory)
    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"rep{n}@example.org")


# Issue 19: calls for proposals and registration types.


class CallForProposalsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forums.CallForProposals"

    event = factory.SubFactory(EventFactory)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))
    description_en = "Propose a session."
    themes_en = "Education\nCulture"
    themes_fr = "Éducation\nCulture"
    themes_es = "Educación\nCultura"
    themes = "Education\nCulture"
    formats = factory.LazyFunction(lambda: ["panel", "workshop"])
    languages = factory.LazyFunction(lambda: ["fr", "en", "es"])


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forums.Proposal"

    call = factory.SubFactory(CallForProposalsFactory)
    proposer = factory.SubFactory(UserFactory)
    organisation = "Partner A"
    title = factory.Sequence(lambda n: f"Proposed session {n}")
    abstract = "What the session is about."
    format = "panel"
    speakers = "Ana Speaker, Partner A\nBruno Orateur, Partner B"
    language = "fr"
    room_size = "medium"
    proposer_language = "fr"


class RegistrationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forums.RegistrationType"

    event = factory.SubFactory(EventFactory)
    kind = "public"
    name_en = factory.Sequence(lambda n: f"Type {n}")
    name_fr = factory.Sequence(lambda n: f"Type {n}")
    name_es = factory.Sequence(lambda n: f"Tipo {n}")
    name = factory.LazyAttribute(lambda o: o.name_en)
    capacity = None
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))


def register_person(registration_type, user, n=0, **extra):
    """Person n registered under `registration_type` by `user` through the
    service (person{n}@example.org, French unless told)."""
    extra.setdefault("language", "fr")
    return services_attendance.register(
        registration_type=registration_type,
        user=user,
        full_name=f"Person {n}",
        email=f"person{n}@example.org",
        **extra,
    )

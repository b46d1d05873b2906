"""Create (or complete) an account with a role, for operators and scripted checks.

    add_user EMAIL --role secretariat|ngo-editor|liaison|delegate
             [--partner SLUG] [--country ISO2] [--body permanent-delegation|national-commission]
             [--name "Full Name"] [--language fr|en|es] [--password-stdin]

The email address is recorded as verified. A Secretariat account still has
to set up two-factor authentication before it reaches any Secretariat page.
Running it again for an existing address adds the role (and sets the
password if one is given); it never removes a role.

`--role liaison` no longer makes anyone a Liaison Committee member: the
Committee is elected (forums.elections). It names an editor of an NGO that
holds a seat in the current term, and is refused for any other NGO.
"""

import sys

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from forums.elections.selectors import committee_partner_ids
from foundation.accounts.models import DelegateProfile, User
from foundation.countries import member_states
from partners.models import Partner, PartnerEditor

ROLES = ["secretariat", "ngo-editor", "liaison", "delegate"]


class Command(BaseCommand):
    help = "Create a verified account with a role (secretariat, ngo-editor, liaison, delegate)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--partner", help="slug of the partner (ngo-editor, liaison)")
        parser.add_argument("--country", help="ISO 3166 alpha-2 code (delegate)")
        parser.add_argument(
            "--body",
            choices=DelegateProfile.Body.values,
            default=DelegateProfile.Body.PERMANENT_DELEGATION,
        )
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )

    def handle(self, *args, email, role, partner, country, body, name, language, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not a valid email address: {email!r}") from error
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on stdin.")
        partner_obj = self._partner(role, partner)
        country = self._country(role, country)

        with transaction.atomic():
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": name, "preferred_language": language}
            )
            if password is not None:
                try:
                    password_validation.validate_password(password, user)
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages)) from error
                user.set_password(password)
            elif created:
                user.set_unusable_password()
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            self._grant(user, role, partner_obj, country, body)

        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {email} with role {role}."))
        if role == "secretariat":
            self.stdout.write(
                "This account must set up two-factor authentication before it reaches "
                "any Secretariat page."
            )
        if password is None and created:
            self.stdout.write("No password set: use the password reset page to choose one.")

    def _partner(self, role, slug):
        if role not in {"ngo-editor", "liaison"}:
            if slug:
                raise CommandError("--partner is only for the ngo-editor and liaison roles.")
            return None
        if not slug:
            raise CommandError(f"--partner SLUG is required for the {role} role.")
        partner = Partner.objects.filter(slug=slug).first()
        if partner is None:
            raise CommandError(f"No partner with the slug {slug!r}.")
        return partner

    def _country(self, role, code):
        if role != "delegate":
            if code:
                raise CommandError("--country is only for the delegate role.")
            return None
        code = (code or "").upper()
        if code not in dict(member_states):
            raise CommandError(
                "--country ISO2 (the ISO 3166 alpha-2 code of a UNESCO Member State"
                " or Associate Member) is required."
            )
        return code

    def _grant(self, user, role, partner, country, body):
        if role == "secretariat":
            user.is_secretariat = True
            user.is_staff = True
            user.save(update_fields=["is_secretariat", "is_staff"])
        elif role in {"ngo-editor", "liaison"}:
            if role == "liaison" and partner.pk not in committee_partner_ids():
                raise CommandError(
                    f"{partner.slug} holds no seat in the current Liaison Committee term: the "
                    "Committee is elected; use --role ngo-editor for its staff."
                )
            link = PartnerEditor.objects.filter(user=user).first()
            if link is not None and link.partner_id != partner.pk:
                raise CommandError(f"{user.email} is already an editor of {link.partner}.")
            PartnerEditor.objects.get_or_create(user=user, partner=partner)
        elif role == "delegate":
            DelegateProfile.objects.update_or_create(
                user=user,
                defaults={
                    "country": country,
                    "body": body,
                    "verified_at": timezone.now(),
                },
            )

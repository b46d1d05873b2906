"""Remove every authenticator of an account whose device is lost.

The person then signs in with their password and, for a Secretariat account,
sets up a new authenticator behind the code emailed to their address
(foundation.accounts.views_enrolment). Run by an operator on the server only.
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from foundation.accounts.models import User


class Command(BaseCommand):
    help = "Remove the authenticators (TOTP, recovery codes) of the account with this email."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the address {email!r}.")
        deleted, _ = Authenticator.objects.filter(user=user).delete()
        self.stdout.write(f"Removed {deleted} authenticator(s) of {user.email}.")

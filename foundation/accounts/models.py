from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from foundation.countries import MemberStates


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_secretariat=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address.

    Roles are not a field here: a user is an NGO editor through
    partners.PartnerEditor, a Member State delegate through DelegateProfile,
    a Liaison Committee member as an editor of an NGO holding an elected
    seat (forums.elections), and Secretariat through `is_secretariat`.
    Adding a role never changes this model.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_secretariat = models.BooleanField(
        _("Secretariat"),
        default=False,
        help_text=_("Member of the UNESCO unit for civil-society partnerships."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class DelegateProfile(models.Model):
    """A Member State delegate: acts as one only once the Secretariat verifies."""

    class Body(models.TextChoices):
        PERMANENT_DELEGATION = "permanent-delegation", _("Permanent Delegation")
        NATIONAL_COMMISSION = "national-commission", _("National Commission")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegate_profile"
    )
    country = CountryField(_("Member State"), countries=MemberStates)
    body = models.CharField(_("body"), max_length=32, choices=Body.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )

    class Meta:
        verbose_name = _("Member State delegate")
        verbose_name_plural = _("Member State delegates")

    def __str__(self):
        return f"{self.user} ({self.country.name})"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


# The audit trail of roles: who made whom Secretariat, editor or delegate.
auditlog.register(
    User,
    include_fields=[
        "email",
        "full_name",
        "preferred_language",
        "is_secretariat",
        "is_active",
        "is_staff",
        "is_superuser",
    ],
)
auditlog.register(DelegateProfile)

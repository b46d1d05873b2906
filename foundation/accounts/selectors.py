from django.db.models import QuerySet

from foundation.accounts.models import DelegateProfile


def delegates_unverified() -> QuerySet[DelegateProfile]:
    """Delegate sign-ups waiting for the Secretariat, oldest first."""
    return (
        DelegateProfile.objects.filter(verified_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("user__date_joined", "pk")
    )

"""Invitations can be revoked, and an address has at most one open invitation
per partner.

Before this migration the admin could invite the same address to the same
partner twice; the newest of such open invitations stays open and the older
ones are marked revoked (by nobody), so that the constraint can be created.
Their links were already of no use to anyone: accepting one would have made
the invitee an editor, after which the other one was refused anyway.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Lower
from django.utils import timezone


def revoke_older_duplicates(apps, schema_editor):
    PartnerInvitation = apps.get_model("partners", "PartnerInvitation")
    seen = set()
    older = []
    open_invitations = (
        PartnerInvitation.objects.filter(accepted_at__isnull=True)
        .annotate(email_lower=Lower("email"))
        .order_by("-created_at", "-pk")
        .values_list("pk", "partner_id", "email_lower")
    )
    for pk, partner_id, email in open_invitations.iterator():
        if (partner_id, email) in seen:
            older.append(pk)
        seen.add((partner_id, email))
    PartnerInvitation.objects.filter(pk__in=older).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_directory_name_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="partnerinvitation",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revoked at"),
        ),
        migrations.AddField(
            model_name="partnerinvitation",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="revoked by",
            ),
        ),
        migrations.RunPython(revoke_older_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="partnerinvitation",
            constraint=models.UniqueConstraint(
                models.F("partner"),
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("accepted_at__isnull", True), ("revoked_at__isnull", True)),
                name="partner_invitation_one_open",
                violation_error_message=(
                    "This address already has an open invitation for this organisation."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="partnerinvitation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("accepted_at__isnull", True), ("revoked_at__isnull", True), _connector="OR"
                ),
                name="partner_invitation_accepted_or_revoked",
            ),
        ),
    ]

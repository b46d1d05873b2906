"""Dialogue's once-only record of sent emails moves into the shared outbox.

Each row becomes a sent mail.Email with its key prefixed "dialogue.", the
key dialogue.notifications now uses, so a reminder period or a transition
already mailed is not mailed again after the upgrade.
"""

from django.db import migrations

BATCH = 1000


def copy_to_outbox(apps, schema_editor):
    Notification = apps.get_model("dialogue", "Notification")
    Email = apps.get_model("mail", "Email")
    batch = []
    for row in Notification.objects.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(
            Email(
                key=f"dialogue.{row.key}",
                to=row.email.lower(),
                template="",
                language="",
                subject="",
                body="",
                status="sent",
                attempts=1,
                created_at=row.sent_at,
                next_attempt_at=row.sent_at,
                sent_at=row.sent_at,
            )
        )
        if len(batch) >= BATCH:
            Email.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Email.objects.bulk_create(batch, ignore_conflicts=True)


def copy_back(apps, schema_editor):
    Notification = apps.get_model("dialogue", "Notification")
    Email = apps.get_model("mail", "Email")
    rows = Email.objects.filter(key__startswith="dialogue.", status="sent")
    Notification.objects.bulk_create(
        [
            Notification(key=row.key.removeprefix("dialogue."), email=row.to)
            for row in rows.iterator(chunk_size=BATCH)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0002_hearing_event"),
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_outbox, copy_back),
        migrations.RemoveConstraint(
            model_name="notification",
            name="dialogue_notification_once",
        ),
        migrations.DeleteModel(
            name="Notification",
        ),
    ]

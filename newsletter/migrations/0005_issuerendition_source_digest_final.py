from django.db import migrations, models


def renditions_of_approved_issues_are_final(apps, schema_editor):
    # Rendered after approval (the only case before this migration): the approved content.
    IssueRendition = apps.get_model("newsletter", "IssueRendition")
    IssueRendition.objects.exclude(issue__status="draft").update(final=True)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0004_mailing_official_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="issuerendition",
            name="source_digest",
            field=models.CharField(blank=True, max_length=64, verbose_name="digest of the sources"),
        ),
        migrations.AddField(
            model_name="issuerendition",
            name="final",
            field=models.BooleanField(default=False, verbose_name="approved content"),
        ),
        migrations.RunPython(renditions_of_approved_issues_are_final, migrations.RunPython.noop),
    ]

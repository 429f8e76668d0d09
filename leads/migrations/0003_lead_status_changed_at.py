from django.db import migrations, models
from django.db.models import F


def from_last_change(apps, schema_editor):
    """
    Before this field, any change stood in for a status change. Existing requests keep that
    date, so none of them loses its personal data sooner than it would have.
    """
    Lead = apps.get_model("leads", "Lead")
    Lead.objects.filter(updated_at__gt=F("created_at")).update(status_changed_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0002_triage_owner_attempts_notes"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="status_changed_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the status was last changed by staff; empty if never.",
                null=True,
                verbose_name="status changed",
            ),
        ),
        migrations.RunPython(from_last_change, migrations.RunPython.noop, elidable=True),
    ]

# The treatments now belong to the clinic app (clinic/migrations/0001_initial.py); a request's
# treatment of interest points there. Nothing changes in the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("clinic", "0001_initial"),
        ("leads", "0008_coordinator_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="lead",
                    name="interest",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="leads",
                        to="clinic.treatment",
                        verbose_name="treatment of interest",
                    ),
                ),
                migrations.DeleteModel(name="Treatment"),
            ],
            database_operations=[],
        ),
    ]

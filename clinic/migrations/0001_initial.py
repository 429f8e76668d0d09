# The call-back form's "treatments of interest" (leads.Treatment) become the clinic's
# treatments: the same table and rows, now the clinic app's model. Only Django's picture of the
# models changes here; the table is renamed in 0002.

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and admin history follow the model to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="clinic", model="treatment").exists():
        ContentType.objects.using(db).filter(app_label="leads", model="treatment").update(
            app_label="clinic"
        )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="leads", model="treatment").exists():
        ContentType.objects.using(db).filter(app_label="clinic", model="treatment").update(
            app_label="leads"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("leads", "0008_coordinator_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Treatment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                        ("name_en", models.CharField(max_length=100, null=True, unique=True, verbose_name="name")),
                        ("name_tr", models.CharField(max_length=100, null=True, unique=True, verbose_name="name")),
                        ("name_de", models.CharField(max_length=100, null=True, unique=True, verbose_name="name")),
                        ("name_ar", models.CharField(max_length=100, null=True, unique=True, verbose_name="name")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "verbose_name": "treatment",
                        "verbose_name_plural": "treatments",
                        "ordering": ["position", "name"],
                        "db_table": "leads_treatment",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]

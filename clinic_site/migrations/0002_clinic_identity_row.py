"""The clinic's identity row, with placeholders until staff (or seed_demo) fill it in."""

from django.db import migrations


def create_identity(apps, schema_editor):
    Clinic = apps.get_model("clinic_site", "Clinic")
    Clinic.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Clinic",
            "street_address": "-",
            "city": "-",
            "country": "-",
            "country_code": "TR",
            "phone": "+902120000000",
            "email": "clinic@example.com",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("clinic_site", "0001_initial")]

    operations = [migrations.RunPython(create_identity, migrations.RunPython.noop)]

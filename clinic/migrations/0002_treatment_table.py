from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("clinic", "0001_initial"),
        ("leads", "0009_treatment_moves_to_clinic"),
    ]

    operations = [
        migrations.AlterModelTable(name="treatment", table=None),
        migrations.RenameField(model_name="treatment", old_name="is_active", new_name="active"),
    ]

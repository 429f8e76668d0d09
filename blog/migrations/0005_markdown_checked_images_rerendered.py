"""
Article bodies and doctor biographies are checked on save for anything the sanitizer would
remove, and every stored one is rendered again: an image that lost its address (another
site's) or has no description is now left out instead of published as an empty ``<img>``.
"""

import importlib

from django.db import migrations, models

import blog.validators

# The same re-rendering as 0004, with today's rules.
rerender = importlib.import_module("blog.migrations.0004_rerender_bodies").rerender


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_rerender_bodies"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.TextField(
                validators=[blog.validators.validate_publishable_markdown], verbose_name="body"
            ),
        ),
        migrations.AlterField(
            model_name="doctor",
            name="bio",
            field=models.TextField(
                blank=True,
                help_text="Markdown.",
                validators=[blog.validators.validate_publishable_markdown],
                verbose_name="biography",
            ),
        ),
        migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True),
    ]

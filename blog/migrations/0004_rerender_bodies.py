"""
Renders every article body and doctor biography again with the current rules: images only
from same-site paths (no backslash or whitespace tricks), and heading anchors that never take
an id the page uses (ids written in raw HTML dropped). Until now those rules applied only to
what was saved after them. Nothing else changes: not the content-change time, not the text.
"""

from django.db import migrations


def rerender(apps, schema_editor):
    from blog.rendering import render_markdown

    Article = apps.get_model("blog", "Article")
    Doctor = apps.get_model("blog", "Doctor")
    articles = []
    for article in Article.objects.only("body").iterator(chunk_size=200):
        rendered = render_markdown(article.body)
        article.body_html = rendered.html
        article.body_text = rendered.text
        article.toc = rendered.toc
        article.reading_time = rendered.reading_time
        articles.append(article)
    Article.objects.bulk_update(
        articles, ["body_html", "body_text", "toc", "reading_time"], batch_size=200
    )
    doctors = []
    for doctor in Doctor.objects.only("bio").iterator(chunk_size=200):
        doctor.bio_html = render_markdown(doctor.bio).html
        doctors.append(doctor)
    Doctor.objects.bulk_update(doctors, ["bio_html"], batch_size=200)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_article_content_modified_at"),
    ]

    operations = [
        migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True),
    ]

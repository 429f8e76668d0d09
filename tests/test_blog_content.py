"""Articles and doctors as editors write them: sanitized Markdown, contents, reading time, rules."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from blog.models import Article, ArticleState, Doctor
from tests.factories import ArticleFactory, CategoryFactory, DoctorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("Hello <script>alert('x')</script> world", ["<script", "alert("]),
        ('<img src="/media/a.jpg" onerror="alert(1)">', ["onerror", "alert("]),
        ('<p onclick="steal()">Click</p>', ["onclick", "steal()"]),
        ("[Click me](javascript:alert(1))", ["javascript:", "alert("]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:", "alert("]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', ["data:"]),
        ('<iframe src="https://evil.example/"></iframe>', ["<iframe", "evil.example"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["<object", "<embed"]),
        ("<style>body{display:none}</style>", ["<style", "display:none"]),
        ('<form action="https://evil.example"><input name="card"></form>', ["<form", "<input"]),
        ("![tracker](https://evil.example/pixel.gif)", ["evil.example"]),
    ],
)
def test_hostile_markdown_is_sanitized_on_save(hostile, forbidden):
    article = ArticleFactory(body=f"## Safe heading\n\n{hostile}\n\nThe end.")
    for fragment in forbidden:
        assert fragment.lower() not in article.body_html.lower()
    assert "The end." in article.body_html


@pytest.mark.parametrize(
    "source",
    [
        '<img src="/\\evil.example/p.png" alt="x">',
        '<img src="/&#92;evil.example/p.png" alt="x">',
        '<img src="\\\\evil.example/p.png" alt="x">',
        '<img src="/&#9;/evil.example/p.png" alt="x">',
        '<img src="/&#10;/evil.example/p.png" alt="x">',
        '<img src="/&#13;/evil.example/p.png" alt="x">',
        '<img src="&#9;//evil.example/p.png" alt="x">',
        '<img src="//evil.example/p.png" alt="x">',
        '<img src="https://evil.example/p.png" alt="x">',
        '<img src="https:/evil.example/p.png" alt="x">',
        '<img src="/\u00a0/evil.example/p.png" alt="x">',
        "![x](/\\evil.example/p.png)",
        "![x](<//evil.example/p.png>)",
    ],
)
def test_images_only_from_this_site_even_with_backslashes_or_whitespace(source):
    html = ArticleFactory(body=f"Before.\n\n{source}\n\nAfter.").body_html
    assert "evil.example" not in html
    assert "After." in html


@pytest.mark.parametrize(
    "src", ["/media/blog/scalp.jpg", "/media/blog/scalp%20close-up.jpg?v=2", "/static/a.png"]
)
def test_images_from_this_site_keep_their_address(src):
    html = ArticleFactory(body=f'<img src="{src}" alt="x">').body_html
    assert f'src="{src}"' in html


@pytest.mark.parametrize(
    "source",
    [
        '<img src="https://evil.example/p.png" alt="A scalp">',
        "<img src=x onerror=alert(1)>",
        '<img src="/media/a.jpg" onerror="alert(1)">',
        "![](/media/blog/scalp.jpg)",
        '<img alt="A scalp">',
        '<img src="/media/blog/scalp.jpg" alt="  ">',
    ],
)
def test_an_image_without_an_address_of_this_site_or_a_description_is_never_published(source):
    html = ArticleFactory(body=f"Before.\n\n{source}\n\nAfter.").body_html
    assert "<img" not in html
    assert "Before." in html and "After." in html


def test_an_image_of_this_site_with_a_description_is_published():
    html = ArticleFactory(body="![Scalp after FUE](/media/blog/scalp.jpg)").body_html
    assert '<img alt="Scalp after FUE" src="/media/blog/scalp.jpg">' in html


def test_hostile_markdown_never_reaches_the_page(client):
    article = ArticleFactory(body='Text <script>alert("pwned")</script> <img src=x onerror=pwn()>')
    page = client.get(article.get_absolute_url()).text
    assert 'alert("pwned")' not in page
    assert "onerror" not in page


def test_allowed_markdown_keeps_headings_lists_links_tables_emphasis_quotes_and_code():
    article = ArticleFactory(
        body=(
            "## Question?\n\n### Detail\n\n- one\n- two\n\n1. first\n\n"
            "[site](https://example.org) [mail](mailto:a@example.org) [call](tel:+902120000000)\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n*em* **strong** `code`\n\n> quoted\n\n"
            "![scalp](/media/blog/scalp.jpg)"
        )
    )
    html = article.body_html
    for fragment in [
        '<h2 id="question">',
        '<h3 id="detail">',
        "<ul>",
        "<ol>",
        'href="https://example.org"',
        'href="mailto:a@example.org"',
        'href="tel:+902120000000"',
        "<table>",
        "<em>em</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<blockquote>",
        'src="/media/blog/scalp.jpg"',
    ]:
        assert fragment in html


def test_control_characters_in_an_article_never_reach_the_page_or_the_search_text():
    article = ArticleFactory(
        body="## Hair\x08 loss\x85\n\nGraft\x1b count\ufffe:\t4000 \x7fgrafts."
    )
    # (Not a NUL: the admin refuses one in the Markdown with a message, as PostgreSQL would.)
    for stored in (article.body_html, article.body_text):
        assert not any(char in stored for char in "\x08\x1b\x7f\x85\ufffe")
    assert "Graft count: 4000 grafts." in article.body_text


def test_links_in_articles_cannot_reach_back_into_the_page():
    article = ArticleFactory(body="[source](https://example.org/study)")
    assert 'rel="noopener noreferrer"' in article.body_html


def test_a_heading_one_in_the_body_becomes_a_section_so_the_title_stays_the_only_h1():
    article = ArticleFactory(body="# Big heading\n\nText")
    assert "<h1" not in article.body_html
    assert '<h2 id="big-heading">Big heading</h2>' in article.body_html


def test_table_of_contents_lists_h2_and_h3_with_stable_anchors():
    article = ArticleFactory(
        body="## What is FUE?\n\nText\n\n### Is it *painful*?\n\nText\n\n#### Too deep\n\n"
        "## What is FUE?\n\nAgain"
    )
    assert article.toc == [
        {"level": 2, "id": "what-is-fue", "title": "What is FUE?"},
        {"level": 3, "id": "is-it-painful", "title": "Is it painful?"},
        {"level": 2, "id": "what-is-fue_1", "title": "What is FUE?"},
    ]
    for entry in article.toc:
        assert f'id="{entry["id"]}"' in article.body_html
    article.save()
    assert article.toc[0]["id"] == "what-is-fue"  # the same anchors on every save


def test_a_heading_named_like_a_page_landmark_does_not_steal_its_anchor():
    article = ArticleFactory(body="## Main\n\nText")
    assert article.toc[0]["id"] != "main"


def page_ids(page):
    return re.findall(r'\bid="([^"]*)"', page)


def test_heading_anchors_never_take_an_id_the_page_uses(client):
    plain = ArticleFactory(body="## Question?\n\nText.")
    frame_ids = set()
    reviewed = ArticleFactory(reviewed_by=plain.author)
    for path in [
        plain.get_absolute_url(),
        "/",
        "/callback/",
        "/search/?q=question",
        plain.author.get_absolute_url(),
    ]:
        frame_ids.update(page_ids(client.get(path).text))
    frame_ids -= {entry["id"] for entry in plain.toc}
    assert {"main", "article-title", "toc-title", "cta-title", "id_name"} <= frame_ids
    assert {"doctor-name", "written-title", "reviewed-title"} <= frame_ids
    assert not any(frame_id.endswith("-section") for frame_id in frame_ids)
    headings = sorted(frame_ids | {"hero-title", "related-title", "callback-title", "main"})
    article = ArticleFactory(
        body="\n\n".join(f"## {heading}\n\nText." for heading in headings),
        related=[plain],
    )
    page = client.get(article.get_absolute_url()).text
    ids = page_ids(page)
    assert len(article.toc) == len(headings)
    assert sorted(ids) == sorted(set(ids)), "an id appears twice on the article page"
    body_ids = {entry["id"] for entry in article.toc}
    assert not body_ids & frame_ids, body_ids & frame_ids
    assert "main-section" in body_ids
    assert "id_name-section" in body_ids
    doctor = reviewed.reviewed_by  # wrote one article, reviewed another: every section shows
    doctor.bio = article.body
    doctor.save()
    ids = page_ids(client.get(doctor.get_absolute_url()).text)
    assert sorted(ids) == sorted(set(ids)), "an id appears twice on the doctor's page"


def test_ids_written_in_raw_html_are_replaced_by_the_headings_own_anchors():
    article = ArticleFactory(
        body='<h2 id="main">Before you travel</h2>\n\n<p id="callback">Text.</p>\n\n'
        '<h3 id="id_phone">Fasting</h3>\n\n<h4 id="toc-title">Deep</h4>\n\n'
        '<a id="article-title" href="/x/">link</a>'
    )
    assert article.toc == [
        {"level": 2, "id": "before-you-travel", "title": "Before you travel"},
        {"level": 3, "id": "fasting", "title": "Fasting"},
    ]
    assert page_ids(article.body_html) == ["before-you-travel", "fasting"]


def test_heading_anchors_stay_readable_and_the_same_on_every_save():
    article = ArticleFactory(body="## How long does recovery take?\n\n## Footer contact\n\nText")
    assert [entry["id"] for entry in article.toc] == [
        "how-long-does-recovery-take",
        "footer-contact-section",
    ]
    article.save()
    article.refresh_from_db()
    assert [entry["id"] for entry in article.toc] == [
        "how-long-does-recovery-take",
        "footer-contact-section",
    ]


def test_reading_time_is_computed_from_the_words_at_200_a_minute():
    assert ArticleFactory(body="word " * 50).reading_time == 1
    assert ArticleFactory(body="word " * 401).reading_time == 3


def test_body_edits_refresh_html_contents_and_reading_time_even_with_update_fields():
    article = ArticleFactory(body="## Old\n\nold")
    article.body = "## New question?\n\n" + "word " * 450
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert "New question?" in article.body_html
    assert article.toc[0]["title"] == "New question?"
    assert article.reading_time == 3


def test_summary_longer_than_a_meta_description_is_refused():
    article = ArticleFactory.build(
        summary="x" * 161, author=DoctorFactory(), category=CategoryFactory()
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "summary" in error.value.message_dict


def test_database_refuses_a_summary_longer_than_160_characters():
    article = ArticleFactory()
    # SQLite: the check constraint; PostgreSQL: the column's length, before the constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(summary="x" * 161)


def test_last_reviewed_cannot_be_in_the_future():
    tomorrow = timezone.localdate() + timedelta(days=1)
    article = ArticleFactory(reviewed_by=DoctorFactory(), last_reviewed=timezone.localdate())
    article.last_reviewed = tomorrow
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "last_reviewed" in error.value.message_dict


def test_a_review_needs_both_a_reviewer_and_a_date():
    article = ArticleFactory.build(
        author=DoctorFactory(),
        category=CategoryFactory(),
        reviewed_by=DoctorFactory(),
        last_reviewed=None,
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "last_reviewed" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_hero_image_without_alt_text_is_refused():
    article = ArticleFactory.build(author=DoctorFactory(), category=CategoryFactory())
    article.hero_image.name = "blog/heroes/x.jpg"
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["hero_image"])
    assert "hero_image_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_doctor_photo_without_alt_text_is_refused():
    doctor = DoctorFactory.build()
    doctor.photo.name = "blog/doctors/x.jpg"
    with pytest.raises(ValidationError) as error:
        doctor.full_clean(exclude=["photo"])
    assert "photo_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        doctor.save()


def test_doctor_profile_links_must_be_web_addresses():
    doctor = DoctorFactory(profile_links="https://example.org/dr\nnot a link")
    with pytest.raises(ValidationError) as error:
        doctor.full_clean()
    assert "profile_links" in error.value.message_dict


def test_article_slugs_used_by_other_blog_pages_are_refused():
    article = ArticleFactory.build(slug="feed", author=DoctorFactory(), category=CategoryFactory())
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_article_slugs_are_unique():
    ArticleFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="same")


def test_state_follows_the_publication_time():
    now = timezone.now()
    assert ArticleFactory(published_at=None).state == ArticleState.DRAFT
    assert ArticleFactory(published_at=now + timedelta(hours=1)).state == ArticleState.SCHEDULED
    assert ArticleFactory(published_at=now - timedelta(hours=1)).state == ArticleState.PUBLISHED


def test_factory_without_arguments_makes_an_article_published_yesterday_with_its_own_people():
    first, second = ArticleFactory(), ArticleFactory()
    assert first.state == ArticleState.PUBLISHED
    assert timezone.now() - first.published_at == pytest.approx(
        timedelta(days=1), abs=timedelta(minutes=1)
    )
    assert first.author != second.author
    assert first.category != second.category
    assert first.slug != second.slug
    first.full_clean()


def test_factory_with_a_reviewer_dates_the_review_today_unless_told_otherwise():
    reviewer = DoctorFactory()
    reviewed = ArticleFactory(reviewed_by=reviewer)
    assert reviewed.is_reviewed
    assert reviewed.last_reviewed == timezone.localdate()
    reviewed.full_clean()
    dated = ArticleFactory(reviewed_by=reviewer, last_reviewed=date(2026, 1, 5))
    assert dated.last_reviewed == date(2026, 1, 5)
    assert ArticleFactory().last_reviewed is None


@pytest.fixture
def back_to_the_latest_migration():
    """A test that runs old migrations leaves the database as every other test expects it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate_to_latest():
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    yield migrate_to_latest
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_bodies_saved_under_older_rules_are_rendered_again_by_the_migration(
    back_to_the_latest_migration,
):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("blog", "0003_article_content_modified_at")]
    after = [("blog", "0004_rerender_bodies")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    doctor = old_apps.get_model("blog", "Doctor").objects.create(
        name="Old", slug="old", bio='## Main\n\n<img src="/\\evil.example/p.png">'
    )
    category = old_apps.get_model("blog", "Category").objects.create(name="Old", slug="old")
    stored = '<h2 id="main">Main</h2><p><img src="/\\evil.example/p.png"></p>'
    article = old_apps.get_model("blog", "Article").objects.create(
        title="Old",
        slug="old",
        summary="Old.",
        body='## Main\n\n<img src="/\\evil.example/p.png">',
        body_html=stored,
        toc=[{"level": 2, "id": "main", "title": "Main"}],
        author=doctor,
        category=category,
        published_at=timezone.now(),
    )
    MigrationExecutor(connection).migrate(after)
    back_to_the_latest_migration()
    article = Article.objects.get(pk=article.pk)
    assert "evil.example" not in article.body_html
    assert article.toc == [{"level": 2, "id": "main-section", "title": "Main"}]
    assert article.content_modified_at is None
    assert "evil.example" not in Doctor.objects.get(pk=doctor.pk).bio_html


@pytest.mark.django_db(transaction=True)
def test_empty_images_stored_before_are_left_out_by_the_migration(
    back_to_the_latest_migration,
):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("blog", "0004_rerender_bodies")]
    after = [("blog", "0005_markdown_checked_images_rerendered")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    doctor = old_apps.get_model("blog", "Doctor").objects.create(name="Old", slug="old")
    category = old_apps.get_model("blog", "Category").objects.create(name="Old", slug="old")
    article = old_apps.get_model("blog", "Article").objects.create(
        title="Old",
        slug="old",
        summary="Old.",
        body="Text.\n\n![Scalp](https://evil.example/p.png)",
        body_html='<p>Text.</p>\n<p><img alt="Scalp"></p>',
        author=doctor,
        category=category,
        published_at=timezone.now(),
    )
    MigrationExecutor(connection).migrate(after)
    back_to_the_latest_migration()
    assert Article.objects.get(pk=article.pk).body_html == "<p>Text.</p>\n"

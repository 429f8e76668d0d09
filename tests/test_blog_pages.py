"""The public blog pages as a patient reads them, and who may preview what is not yet public."""

import re
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from blog.models import Article
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    DoctorFactory,
    StaffFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def client_as(role):
    """A browser session for each role in the access rules."""
    client = Client()
    if role == "superuser":
        client.force_login(SuperuserFactory())
    elif role != "anonymous":
        client.force_login(StaffFactory(role=role))
    return client


# --- Blog index ----------------------------------------------------------------------------


def test_blog_index_lists_newest_first(client):
    old = ArticleFactory(title="Older article", published_at=days_ago(5))
    new = ArticleFactory(title="Newer article", published_at=days_ago(1))
    page = client.get("/blog/").text
    assert page.index(new.title) < page.index(old.title)


def test_blog_index_shows_12_articles_a_page(client):
    ArticleFactory.create_batch(13)
    first = client.get("/blog/")
    assert len(first.context["articles"]) == 12
    second = client.get("/blog/?page=2")
    assert len(second.context["articles"]) == 1
    assert 'rel="next" href="?page=2"' in first.text


def test_a_page_past_the_end_is_not_found(client):
    ArticleFactory()
    assert client.get("/blog/?page=9").status_code == 404
    assert client.get("/blog/?page=abc").status_code == 404


def test_article_card_shows_title_summary_author_date_reading_time_and_image(client):
    article = ArticleFactory(
        title="Does stress cause hair loss?",
        summary="Stress can trigger shedding months later.",
        author=DoctorFactory(title="Dr.", name="Emre Kaya"),
        published_at=timezone.make_aware(datetime(2026, 3, 16, 10)),
        body="word " * 450,
    )
    article.hero_image.name = "blog/heroes/stress.jpg"
    article.hero_image_alt = "A person brushing their hair"
    article.hero_image_width, article.hero_image_height = 1200, 630
    article.save()
    page = client.get("/blog/").text
    assert "Does stress cause hair loss?" in page
    assert "Stress can trigger shedding months later." in page
    assert "By Dr. Emre Kaya" in page
    assert "March 16, 2026" in page
    assert "3 min read" in page
    img = re.search(r'<img src="/media/blog/heroes/stress.jpg"[^>]*>', page).group(0)
    assert 'alt="A person brushing their hair"' in img
    assert 'width="1200" height="630"' in img
    assert 'class="card-img-top"' in img and 'loading="lazy"' in img


def test_blog_index_links_to_each_category_with_articles(client):
    ArticleFactory(category=CategoryFactory(name="Hair loss", slug="hair-loss"))
    CategoryFactory(name="Empty category", slug="empty")
    page = client.get("/blog/").text
    assert 'href="/blog/category/hair-loss/"' in page
    assert "Empty category" not in page


# --- Article page --------------------------------------------------------------------------


def test_article_page_has_breadcrumbs_home_blog_title(client):
    article = ArticleFactory(title="What is FUE?")
    page = client.get(article.get_absolute_url()).text
    crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Home"),
        ("/blog/", "Blog"),
    ]
    assert 'aria-current="page">What is FUE?</li>' in crumbs


def test_byline_names_the_author_with_title_and_links_the_profile(client):
    doctor = DoctorFactory(title="Prof. Dr.", name="Selin Aksoy", slug="selin-aksoy")
    article = ArticleFactory(author=doctor)
    page = client.get(article.get_absolute_url()).text
    assert 'By <a href="/doctors/selin-aksoy/" rel="author">Prof. Dr. Selin Aksoy</a>' in page


def test_article_page_shows_the_published_date_and_reading_time(client):
    article = ArticleFactory(
        published_at=timezone.make_aware(datetime(2026, 3, 16, 10)), body="word " * 250
    )
    page = client.get(article.get_absolute_url()).text
    assert '<time datetime="2026-03-16T10:00:00+03:00">March 16, 2026</time>' in page
    assert "2 min read" in page


def test_updated_date_is_shown_only_when_the_article_changed_after_publication(client):
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=timezone.get_current_timezone())):
        article = ArticleFactory(published_at=timezone.now())
    assert "Updated" not in client.get(article.get_absolute_url()).text
    with time_machine.travel(datetime(2026, 4, 2, 9, tzinfo=timezone.get_current_timezone())):
        article.body += "\n\nA new paragraph."
        article.save()
    page = client.get(article.get_absolute_url()).text
    assert "Updated" in page
    assert "April 2, 2026" in page


def test_a_freshly_created_published_article_shows_no_updated_date(client):
    article = ArticleFactory(published_at=days_ago(30))
    assert "Updated" not in client.get(article.get_absolute_url()).text
    article.refresh_from_db()
    article.save()  # saved again, nothing changed
    assert "Updated" not in client.get(article.get_absolute_url()).text


def test_editing_the_body_after_publication_shows_the_updated_date(client):
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=tz)):
        article = ArticleFactory(published_at=days_ago(10))
    assert "Updated" not in client.get(article.get_absolute_url()).text
    with time_machine.travel(datetime(2026, 3, 5, 9, tzinfo=tz)):
        article = Article.objects.get(pk=article.pk)
        article.body += "\n\nA new paragraph on aftercare."
        article.save()
    page = client.get(article.get_absolute_url()).text
    assert 'Updated <time datetime="2026-03-05T09:00:00+03:00">March 5, 2026</time>' in page


def test_editing_the_body_with_update_fields_counts_as_an_update(client):
    article = ArticleFactory(published_at=days_ago(10))
    article.body = "## A new question?\n\nA new answer."
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.was_updated
    assert "Updated" in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize(
    "change",
    [
        {"last_reviewed": date(2026, 1, 2)},
        {"published_at": "now"},
        {"category": "other"},
        {"seo_title": "A shorter title for search engines"},
    ],
    ids=["review date", "publication time", "category", "seo title"],
)
def test_saves_that_leave_the_content_alone_are_no_update(client, change):
    article = ArticleFactory(published_at=days_ago(10), reviewed_by=DoctorFactory())
    article = Article.objects.get(pk=article.pk)
    for field, value in change.items():
        if value == "now":
            value = days_ago(5)
        elif value == "other":
            value = CategoryFactory()
        setattr(article, field, value)
    article.save()
    article.refresh_from_db()
    assert article.content_modified_at is None
    assert "Updated" not in client.get(article.get_absolute_url()).text


def test_a_draft_edited_before_publication_is_not_updated_when_published(client):
    from blog.services import articles_publish_now

    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=tz)):
        article = ArticleFactory(published_at=None)
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=tz)):
        article.body += "\n\nA second draft."
        article.save()
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=tz)):
        articles_publish_now(queryset=Article.objects.filter(pk=article.pk))
    assert "Updated" not in client.get(article.get_absolute_url()).text


def test_medical_review_is_shown_with_reviewer_and_date(client):
    reviewer = DoctorFactory(title="Dr.", name="Emre Kaya", slug="emre-kaya")
    article = ArticleFactory(reviewed_by=reviewer, last_reviewed=date(2026, 2, 3))
    page = client.get(article.get_absolute_url()).text
    assert (
        'Medically reviewed by <a href="/doctors/emre-kaya/">Dr. Emre Kaya</a> on '
        '<time datetime="2026-02-03">Feb. 3, 2026</time>'
    ) in page


def test_unreviewed_article_makes_no_review_claim(client):
    article = ArticleFactory()
    assert "Medically reviewed" not in client.get(article.get_absolute_url()).text


def test_table_of_contents_links_to_each_section(client):
    article = ArticleFactory(body="## How long does it take?\n\nText\n\n### Is it painful?\n\nNo.")
    page = client.get(article.get_absolute_url()).text
    toc = re.search(r'<nav class="article-toc.*?</nav>', page, re.S).group(0)
    assert '<a href="#how-long-does-it-take">How long does it take?</a>' in toc
    assert '<a href="#is-it-painful">Is it painful?</a>' in toc
    assert '<h2 id="how-long-does-it-take">' in page


def test_article_ends_with_a_call_to_action_to_request_a_call_back_or_call(client):
    article = ArticleFactory(body="## Question?\n\nAnswer.")
    page = client.get(article.get_absolute_url()).text
    cta = page[page.index('id="callback"') :]
    assert page.index("Answer.") < page.index('id="callback"')
    assert "Request a call back" in cta
    assert "Leave your number and we will call you back soon." in cta
    assert "Call us now" in cta


def test_the_newsletter_invitation_appears_once_on_an_article(client):
    page = client.get(ArticleFactory().get_absolute_url()).text
    assert page.count("Subscribe to our newsletter to stay updated.") == 1


def test_related_articles_are_the_hand_picked_ones_when_there_are_any(client):
    category = CategoryFactory()
    picked = ArticleFactory(title="Hand-picked article")
    ArticleFactory(title="Same category article", category=category)
    article = ArticleFactory(category=category, related=[picked])
    related = client.get(article.get_absolute_url()).context["related_articles"]
    assert [item.title for item in related] == ["Hand-picked article"]


def test_related_articles_fall_back_to_the_latest_in_the_same_category(client):
    category = CategoryFactory()
    ArticleFactory(title="Oldest", category=category, published_at=days_ago(9))
    ArticleFactory(title="Middle", category=category, published_at=days_ago(5))
    ArticleFactory(title="Newest", category=category, published_at=days_ago(3))
    ArticleFactory(title="Latest", category=category, published_at=days_ago(2))
    ArticleFactory(title="Other category")
    article = ArticleFactory(category=category, published_at=days_ago(1))
    page = client.get(article.get_absolute_url())
    assert [item.title for item in page.context["related_articles"]] == [
        "Latest",
        "Newest",
        "Middle",
    ]
    assert "Related articles" in page.text


def test_unpublished_hand_picked_articles_are_not_shown_as_related(client):
    draft = ArticleFactory(title="Secret draft", published_at=None)
    article = ArticleFactory(related=[draft])
    assert "Secret draft" not in client.get(article.get_absolute_url()).text


def test_unknown_article_is_not_found(client):
    assert client.get("/blog/no-such-article/").status_code == 404


# --- Category and doctor pages -------------------------------------------------------------


def test_category_page_lists_only_its_articles(client):
    category = CategoryFactory(name="Recovery", slug="recovery", description="After surgery.")
    ArticleFactory(title="Inside", category=category)
    ArticleFactory(title="Outside")
    response = client.get("/blog/category/recovery/")
    assert "<h1>Recovery</h1>" in response.text
    assert "After surgery." in response.text
    assert [article.title for article in response.context["articles"]] == ["Inside"]


def test_unknown_category_is_not_found(client):
    assert client.get("/blog/category/nope/").status_code == 404


def test_doctor_page_shows_profile_and_credentials(client):
    doctor = DoctorFactory(
        title="Prof. Dr.",
        name="Selin Aksoy",
        slug="selin-aksoy",
        specialty="Plastic surgery",
        qualifications="MD, Istanbul University\nBoard certified",
        registration_number="TR-34-118204",
        bio="Leads the **surgical team**.",
        profile_links="https://example.org/selin",
    )
    page = client.get("/doctors/selin-aksoy/").text
    assert '<h1 id="doctor-name">Prof. Dr. Selin Aksoy</h1>' in page
    for text in [
        "Plastic surgery",
        "<li>MD, Istanbul University</li>",
        "TR-34-118204",
        "<strong>surgical team</strong>",
        'href="https://example.org/selin"',
    ]:
        assert text in page
    assert doctor.get_absolute_url() == "/doctors/selin-aksoy/"


def test_doctor_page_lists_articles_written_and_reviewed(client):
    doctor = DoctorFactory(slug="emre-kaya")
    ArticleFactory(title="Written by the doctor", author=doctor)
    ArticleFactory(title="Reviewed by the doctor", reviewed_by=doctor, last_reviewed=date.today())
    ArticleFactory(title="Someone else's article")
    page = client.get("/doctors/emre-kaya/").text
    written = page[page.index('id="written-title"') : page.index('id="reviewed-title"')]
    reviewed = page[page.index('id="reviewed-title"') :]
    assert "Written by the doctor" in written
    assert "Reviewed by the doctor" in reviewed
    assert "Someone else" not in page


def test_former_doctor_keeps_a_profile_marked_as_no_longer_at_the_clinic(client):
    DoctorFactory(slug="former", is_active=False)
    page = client.get("/doctors/former/").text
    assert "No longer sees patients at" in page


def test_unknown_doctor_is_not_found(client):
    assert client.get("/doctors/nobody/").status_code == 404


# --- Home page -----------------------------------------------------------------------------


def test_home_page_shows_the_latest_published_articles(client):
    ArticleFactory(title="Oldest home article", published_at=days_ago(9))
    for day in range(1, 4):
        ArticleFactory(title=f"Recent home article {day}", published_at=days_ago(day))
    page = client.get("/").text
    assert "Latest articles from our doctors" in page
    assert page.index("Recent home article 1") < page.index("Recent home article 3")
    assert "Oldest home article" not in page


# --- Drafts, scheduling and preview --------------------------------------------------------


def public_surfaces(client, article):
    """Every public page an article could appear on, as text."""
    return {
        "blog index": client.get("/blog/").text,
        "category": client.get(article.category.get_absolute_url()).text,
        "doctor": client.get(article.author.get_absolute_url()).text,
        "home": client.get("/").text,
        "feed": client.get("/blog/feed/").text,
        "sitemap": client.get("/sitemap.xml").text,
        "search": client.get("/search/?q=Zebracorn").text,
    }


@pytest.mark.parametrize(
    "published_at", [None, timezone.now() + timedelta(days=2)], ids=["draft", "scheduled"]
)
def test_drafts_and_scheduled_articles_are_hidden_on_every_public_surface(client, published_at):
    article = ArticleFactory(title="Zebracorn treatment", published_at=published_at)
    ArticleFactory(title="Another article", related=[article], category=article.category)
    for surface, text in public_surfaces(client, article).items():
        assert "Zebracorn treatment" not in text, surface
        assert article.get_absolute_url() not in text, surface
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_by_itself_when_its_time_comes(client):
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 5, 1, 9, tzinfo=tz), tick=False):
        article = ArticleFactory(
            title="Zebracorn treatment",
            published_at=datetime(2026, 5, 1, 12, tzinfo=tz),
        )
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(datetime(2026, 5, 1, 12, 1, tzinfo=tz), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        for surface, text in public_surfaces(client, article).items():
            assert article.get_absolute_url() in text, surface


@pytest.mark.parametrize(
    ("role", "can_preview"),
    [
        ("anonymous", False),
        ("Call centre", False),
        ("Marketing", False),
        ("Editors", True),
        ("superuser", True),
    ],
)
def test_only_staff_who_may_change_articles_can_preview_a_draft(role, can_preview):
    draft = ArticleFactory(title="Draft article", published_at=None)
    response = client_as(role).get(draft.get_absolute_url())
    assert response.status_code == (200 if can_preview else 404)


def test_preview_is_marked_with_a_banner_never_cached_and_not_indexed():
    draft = ArticleFactory(published_at=None)
    response = client_as("Editors").get(draft.get_absolute_url())
    assert 'class="preview-banner' in response.text
    assert "this article is a draft" in response.text
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_scheduled_preview_says_when_it_will_appear():
    tz = timezone.get_current_timezone()
    article = ArticleFactory(published_at=datetime(2099, 1, 2, 9, tzinfo=tz))
    page = client_as("Editors").get(article.get_absolute_url()).text
    assert "this article is scheduled for Jan. 2, 2099" in page


def test_published_article_has_no_preview_banner_even_for_editors():
    article = ArticleFactory()
    response = client_as("Editors").get(article.get_absolute_url())
    assert "preview-banner" not in response.text
    assert "no-store" not in response.get("Cache-Control", "")


def test_demo_content_pages_all_open(client, settings, tmp_path):
    call_command("seed_demo", stdout=StringIO())
    for article in Article.objects.published():
        assert client.get(article.get_absolute_url()).status_code == 200
    assert Article.objects.published().count() >= 5


def test_a_draft_preview_byline_starts_with_the_reading_time(client):
    from tests.factories import ArticleFactory, SuperuserFactory

    article = ArticleFactory(published_at=None)
    client.force_login(SuperuserFactory())
    page = client.get(article.get_absolute_url()).text
    byline = page.split('class="article-meta small mb-1">', 1)[1].split("</p>", 1)[0]
    assert byline.strip().startswith("1 min read")

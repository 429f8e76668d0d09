"""The editors' admin: the article list, publishing actions, preview links and the role."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, ArticleState
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    DoctorFactory,
    StaffFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:blog_article_changelist")


@pytest.fixture
def editor():
    client = Client()
    client.force_login(StaffFactory(role="Editors"))
    return client


def test_article_list_shows_title_author_category_state_and_date(editor):
    ArticleFactory(title="Published one", author=DoctorFactory(name="Emre Kaya"))
    ArticleFactory(title="Draft one", published_at=None)
    ArticleFactory(title="Scheduled one", published_at=timezone.now() + timedelta(days=2))
    page = editor.get(CHANGELIST).text
    for text in ["Published one", "Draft one", "Scheduled one", "Emre Kaya", "Category"]:
        assert text in page
    for state in ["Published", "Draft", "Scheduled"]:
        assert f'<td class="field-state_display">{state}</td>' in page


@pytest.mark.parametrize("state", ["draft", "scheduled", "published"])
def test_article_list_filters_by_state(editor, state):
    ArticleFactory(title="Published one")
    ArticleFactory(title="Draft one", published_at=None)
    ArticleFactory(title="Scheduled one", published_at=timezone.now() + timedelta(days=2))
    response = editor.get(CHANGELIST, {"state": state})
    titles = [article.title for article in response.context["cl"].result_list]
    assert titles == [f"{state.capitalize()} one"]


def test_article_list_searches_titles_and_bodies(editor):
    ArticleFactory(title="About beards", body="Text.")
    ArticleFactory(title="Other", body="Mentions follicles.")
    response = editor.get(CHANGELIST, {"q": "follicles"})
    assert [article.title for article in response.context["cl"].result_list] == ["Other"]


def test_article_list_drills_down_by_publication_date(editor):
    article = ArticleFactory()
    page = editor.get(CHANGELIST).text
    assert '<nav class="toplinks">' in page
    year = timezone.localtime(article.published_at).year
    response = editor.get(CHANGELIST, {"published_at__year": year})
    assert list(response.context["cl"].result_list) == [article]


def test_drafts_get_a_preview_link_and_published_articles_a_view_link(editor):
    draft = ArticleFactory(published_at=None)
    published = ArticleFactory()
    page = editor.get(CHANGELIST).text
    assert f'<a href="{draft.get_absolute_url()}">Preview</a>' in page
    assert f'<a href="{published.get_absolute_url()}">View</a>' in page


def test_change_form_has_markdown_help_prepopulated_slug_autocomplete_and_view_on_site(editor):
    article = ArticleFactory()
    page = editor.get(reverse("admin:blog_article_change", args=[article.pk])).text
    assert "Start each section with a question as a heading" in page
    assert "prepopulated" in page
    assert 'class="admin-autocomplete' in page
    assert "View on site" in page


def test_editor_can_write_and_schedule_an_article_in_the_admin(editor):
    doctor, category = DoctorFactory(), CategoryFactory()
    when = timezone.localtime() + timedelta(days=3)
    response = editor.post(
        reverse("admin:blog_article_add"),
        {
            "title": "How long does FUE take?",
            "slug": "how-long-does-fue-take",
            "language": "en",
            "summary": "Most sessions take a working day.",
            "body": "## How long?\n\nA day.",
            "author": doctor.pk,
            "category": category.pk,
            "published_at_0": when.strftime("%Y-%m-%d"),
            "published_at_1": when.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="how-long-does-fue-take")
    assert article.state == ArticleState.SCHEDULED
    assert article.toc == [{"level": 2, "id": "how-long", "title": "How long?"}]


def test_admin_refuses_a_review_date_in_the_future(editor):
    article = ArticleFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = editor.post(
        reverse("admin:blog_article_change", args=[article.pk]),
        {
            "title": article.title,
            "slug": article.slug,
            "language": article.language,
            "summary": article.summary,
            "body": article.body,
            "author": article.author.pk,
            "reviewed_by": DoctorFactory().pk,
            "last_reviewed": tomorrow.isoformat(),
            "category": article.category.pk,
        },
    )
    assert response.status_code == 200
    assert "This date is in the future." in response.text


def article_form(article, **changes):
    return {
        "title": article.title,
        "slug": article.slug,
        "language": article.language,
        "summary": article.summary,
        "body": article.body,
        "author": article.author.pk,
        "category": article.category.pk,
        **changes,
    }


@pytest.mark.parametrize(
    ("source", "told"),
    [
        (
            "![Scalp](https://evil.example/p.png)",
            ["https://evil.example/p.png", "only images from this site"],
        ),
        ("<img src=x onerror=alert(1)>", ["onerror", "scripts are not allowed"]),
        (
            '<iframe src="https://www.youtube.com/embed/x"></iframe>',
            ["&lt;iframe&gt;", "embedded content from other sites is not allowed"],
        ),
        ("![](/media/blog/scalp.jpg)", ["/media/blog/scalp.jpg", "no description"]),
        ("[Call](javascript:alert(1))", ["javascript:alert(1)", "only web, email and phone"]),
        ("<script>track()</script>", ["&lt;script&gt;", "scripts are not allowed"]),
    ],
)
def test_saving_content_the_site_would_remove_is_refused_saying_what_and_why(editor, source, told):
    article = ArticleFactory(body="## Before\n\nText.")
    response = editor.post(
        reverse("admin:blog_article_change", args=[article.pk]),
        article_form(article, body=f"## Before\n\nText.\n\n{source}"),
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["body"])
    for fragment in told:
        assert fragment in errors
    assert "would be removed" in response.text
    article.refresh_from_db()
    assert article.body == "## Before\n\nText."


def test_an_article_with_images_of_this_site_and_their_descriptions_is_saved(editor):
    article = ArticleFactory()
    body = "## Result\n\n![Scalp after FUE](/media/blog/scalp.jpg)\n\n[More](/blog/)"
    response = editor.post(
        reverse("admin:blog_article_change", args=[article.pk]), article_form(article, body=body)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert '<img alt="Scalp after FUE" src="/media/blog/scalp.jpg">' in article.body_html


def test_a_doctor_biography_is_checked_the_same_way():
    client = Client()
    client.force_login(SuperuserFactory())
    doctor = DoctorFactory(bio="Surgeon.")
    response = client.post(
        reverse("admin:blog_doctor_change", args=[doctor.pk]),
        {
            "title_en": doctor.title,
            "name": doctor.name,
            "slug": doctor.slug,
            "specialty_en": doctor.specialty,
            "is_active": "on",
            "bio_en": "Surgeon.",
            # Every language's biography (blog/translation.py) is checked.
            "bio_de": 'Chirurg. <iframe src="https://evil.example/"></iframe>',
        },
    )
    assert response.status_code == 200
    assert "embedded content from other sites is not allowed" in response.text
    doctor.refresh_from_db()
    assert doctor.bio == "Surgeon."


def test_publish_now_action_publishes_drafts_and_scheduled_articles(editor):
    draft = ArticleFactory(published_at=None)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=5))
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=30))
    old_date = old.published_at
    editor.post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk, old.pk]},
    )
    for article in (draft, scheduled, old):
        article.refresh_from_db()
        assert article.state == ArticleState.PUBLISHED
    assert old.published_at == old_date  # already public: its date is kept


def test_unpublish_action_takes_articles_off_the_site(editor, client):
    article = ArticleFactory()
    editor.post(CHANGELIST, {"action": "unpublish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editors_group_has_the_blog_and_clinic_page_permissions_and_reads_campaigns():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        ("blog", f"{action}_{model}")
        for model in ("article", "doctor", "category")
        for action in ("view", "add", "change", "delete")
    } | {
        ("clinic", f"{action}_{model}")
        for model in ("treatment", "treatmentfaq", "resultcase", "review")
        for action in ("view", "add", "change", "delete")
    } | {("newsletter", "view_campaign")}  # editors may read the newsletter's campaigns


def test_editors_see_the_blog_the_clinic_pages_and_the_campaigns_in_the_admin(editor):
    app_list = editor.get(reverse("admin:index")).context["app_list"]
    assert [app["app_label"] for app in app_list] == ["blog", "clinic", "newsletter"]
    newsletter = next(app for app in app_list if app["app_label"] == "newsletter")
    assert [model["object_name"] for model in newsletter["models"]] == ["Campaign"]
    assert editor.get(reverse("admin:newsletter_subscriber_changelist")).status_code == 403
    assert editor.get(reverse("admin:auth_user_changelist")).status_code == 403


@pytest.mark.parametrize("role", ["Call centre", "Marketing"])
def test_other_roles_cannot_open_the_blog_admin(role):
    client = Client()
    client.force_login(StaffFactory(role=role))
    assert client.get(CHANGELIST).status_code == 403


def test_superuser_can_open_every_blog_admin_page():
    client = Client()
    client.force_login(SuperuserFactory())
    for name in ["article", "doctor", "category"]:
        assert client.get(reverse(f"admin:blog_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:blog_{name}_add")).status_code == 200


def test_editors_see_the_whole_title_and_summary_while_writing(client):
    from tests.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    page = client.get("/admin/blog/article/add/").text
    import re

    title = re.search(r'<input[^>]*name="title"[^>]*>', page).group()
    assert 'class="vLargeTextField"' in title
    summary = re.search(r'<textarea[^>]*name="summary"[^>]*>', page).group()
    assert 'class="vLargeTextField"' in summary

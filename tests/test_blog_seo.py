"""What search engines and social networks read: head tags, structured data, sitemap, feed."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory, DoctorFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def structured_data(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def graph_item(page, schema_type):
    for block in structured_data(page):
        for item in block.get("@graph", [block]):
            if item.get("@type") == schema_type:
                return item
    raise AssertionError(f"no {schema_type} in the page's structured data")


def meta(page, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return match.group(1) if match else None


def with_hero(article):
    article.hero_image.name = "blog/heroes/hero.jpg"
    article.hero_image_alt = "A surgeon planning a hairline"
    article.hero_image_width, article.hero_image_height = 1200, 630
    article.save()
    return article


def test_article_title_uses_the_seo_title_when_given(client):
    plain = ArticleFactory(title="What is FUE?")
    tuned = ArticleFactory(title="What is FUE, really?", seo_title="FUE hair transplant explained")
    assert "<title>What is FUE? · " in client.get(plain.get_absolute_url()).text
    assert "<title>FUE hair transplant explained · " in client.get(tuned.get_absolute_url()).text


def test_article_summary_is_the_meta_description(client):
    article = ArticleFactory(summary="How a transplant is planned, step by step.")
    page = client.get(article.get_absolute_url()).text
    assert meta(page, "name", "description") == "How a transplant is planned, step by step."


def test_canonical_link_is_absolute_and_drops_the_query_string(client):
    article = ArticleFactory(slug="what-is-fue")
    page = client.get(article.get_absolute_url() + "?utm_source=newsletter&x=1").text
    assert '<link rel="canonical" href="http://testserver/blog/what-is-fue/">' in page


def canonical(page):
    return re.findall(r'<link rel="canonical" href="([^"]*)">', page)


@pytest.mark.parametrize("path", ["/blog/", "/blog/category/{category}/", "/doctors/{doctor}/"])
def test_canonical_link_is_absolute_without_query_string_on_every_page_of_a_list(client, path):
    article = ArticleFactory(slug="first")
    for _ in range(12):
        ArticleFactory(author=article.author, category=article.category)
    path = path.format(category=article.category.slug, doctor=article.author.slug)
    expected = [f"http://testserver{path}"]
    assert canonical(client.get(path).text) == expected
    second = client.get(path, {"page": 2, "utm_source": "newsletter"})
    assert second.context["page_obj"].number == 2
    assert canonical(second.text) == expected
    assert meta(second.text, "property", "og:url") == expected[0]


def test_every_public_page_with_a_canonical_link_gives_it_without_query_string(client):
    article = ArticleFactory(slug="what-is-fue")
    for path in ["/", "/blog/", article.get_absolute_url(), "/callback/"]:
        links = canonical(client.get(path, {"utm_source": "x", "ref": "y"}).text)
        assert links == [f"http://testserver{path}"], path


def test_open_graph_and_twitter_tags_describe_the_article_with_its_image(client):
    article = with_hero(ArticleFactory(title="What is FUE?", summary="A short answer."))
    page = client.get(article.get_absolute_url()).text
    assert meta(page, "property", "og:type") == "article"
    assert meta(page, "property", "og:title") == "What is FUE?"
    assert meta(page, "property", "og:description") == "A short answer."
    assert meta(page, "property", "og:url") == f"http://testserver{article.get_absolute_url()}"
    assert meta(page, "property", "og:image") == "http://testserver/media/blog/heroes/hero.jpg"
    assert meta(page, "property", "og:image:alt") == "A surgeon planning a hairline"
    assert meta(page, "name", "twitter:card") == "summary_large_image"
    assert meta(page, "name", "twitter:image") == "http://testserver/media/blog/heroes/hero.jpg"


def test_without_an_image_the_card_is_a_plain_summary(client):
    page = client.get(ArticleFactory().get_absolute_url()).text
    assert meta(page, "property", "og:image") is None
    assert meta(page, "name", "twitter:card") == "summary"


def test_structured_data_describes_a_reviewed_medical_web_page(client, clinic):
    reviewer = DoctorFactory(title="Dr.", name="Emre Kaya", slug="emre-kaya")
    article = ArticleFactory(reviewed_by=reviewer, last_reviewed=date(2026, 2, 3))
    page = graph_item(client.get(article.get_absolute_url()).text, "MedicalWebPage")
    assert page["url"] == f"http://testserver{article.get_absolute_url()}"
    assert page["lastReviewed"] == "2026-02-03"
    assert page["reviewedBy"]["@type"] == "Person"
    assert page["reviewedBy"]["name"] == "Emre Kaya"
    assert page["reviewedBy"]["url"] == "http://testserver/doctors/emre-kaya/"


def test_unreviewed_page_claims_no_review_in_structured_data(client, clinic):
    page = graph_item(client.get(ArticleFactory().get_absolute_url()).text, "MedicalWebPage")
    assert "reviewedBy" not in page
    assert "lastReviewed" not in page


def test_structured_data_describes_the_blog_posting(client, clinic):
    author = DoctorFactory(
        title="Prof. Dr.",
        name="Selin Aksoy",
        slug="selin-aksoy",
        profile_links="https://example.org/selin",
    )
    article = with_hero(ArticleFactory(title="What is FUE?", author=author))
    posting = graph_item(client.get(article.get_absolute_url()).text, "BlogPosting")
    assert posting["headline"] == "What is FUE?"
    assert posting["datePublished"] == article.published_at.isoformat()
    assert posting["dateModified"] >= posting["datePublished"]
    assert posting["image"]["url"] == "http://testserver/media/blog/heroes/hero.jpg"
    assert (posting["image"]["width"], posting["image"]["height"]) == (1200, 630)
    assert posting["author"] == {
        "@type": "Person",
        "@id": "http://testserver/doctors/selin-aksoy/#person",
        "name": "Selin Aksoy",
        "honorificPrefix": "Prof. Dr.",
        "jobTitle": "Dermatology",
        "url": "http://testserver/doctors/selin-aksoy/",
        "sameAs": ["https://example.org/selin"],
    }


def test_a_new_article_is_modified_when_it_was_published(client, clinic):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=30))
    page = client.get(article.get_absolute_url()).text
    posting = graph_item(page, "BlogPosting")
    assert posting["dateModified"] == posting["datePublished"]
    assert meta(page, "property", "article:modified_time") == meta(
        page, "property", "article:published_time"
    )
    published_day = timezone.localdate(article.published_at).isoformat()
    assert sitemap_entries(client)[f"http://testserver{article.get_absolute_url()}"] == (
        published_day
    )


def test_a_content_edit_after_publication_is_the_modification_date(client, clinic):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=30))
    article.summary = "A doctor explains, with a new section on aftercare."
    article.save()
    page = client.get(article.get_absolute_url()).text
    posting = graph_item(page, "BlogPosting")
    assert posting["dateModified"] == article.content_modified_at.isoformat()
    assert posting["dateModified"] > posting["datePublished"]
    modified_time = datetime.fromisoformat(meta(page, "property", "article:modified_time"))
    assert modified_time == article.content_modified_at
    today = timezone.localdate().isoformat()
    entries = sitemap_entries(client)
    assert entries[f"http://testserver{article.get_absolute_url()}"] == today
    assert entries[f"http://testserver{article.category.get_absolute_url()}"] == today


def test_blog_posting_publisher_is_the_clinic_with_address_and_phone(client, clinic):
    posting = graph_item(client.get(ArticleFactory().get_absolute_url()).text, "BlogPosting")
    publisher = posting["publisher"]
    assert publisher["@type"] == "MedicalClinic"
    assert publisher["name"] == "Bosphorus Hair Clinic"
    assert publisher["telephone"] == "+902123456789"
    assert publisher["address"]["streetAddress"] == "Meşrutiyet Caddesi 42, 3rd floor"
    assert publisher["address"]["addressCountry"] == "TR"
    assert publisher["url"] == "http://testserver/"


def test_structured_data_has_the_breadcrumb_trail(client, clinic):
    article = ArticleFactory(title="What is FUE?", slug="what-is-fue")
    trail = graph_item(client.get(article.get_absolute_url()).text, "BreadcrumbList")
    assert [
        (item["position"], item["name"], item["item"]) for item in trail["itemListElement"]
    ] == [
        (1, "Home", "http://testserver/"),
        (2, "Blog", "http://testserver/blog/"),
        (3, "What is FUE?", "http://testserver/blog/what-is-fue/"),
    ]


def test_article_text_cannot_break_out_of_the_structured_data(client, clinic):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in page
    assert graph_item(page, "BlogPosting")["headline"] == "</script><script>alert(1)</script>"


def test_home_page_carries_the_medical_clinic(client, clinic):
    data = graph_item(client.get("/").text, "MedicalClinic")
    assert data["name"] == "Bosphorus Hair Clinic"


def test_doctor_page_describes_the_doctor_as_a_person(client, clinic):
    DoctorFactory(name="Emre Kaya", slug="emre-kaya", specialty="Dermatology")
    profile = graph_item(client.get("/doctors/emre-kaya/").text, "ProfilePage")
    assert profile["mainEntity"]["@type"] == ["Person", "Physician"]
    assert profile["mainEntity"]["jobTitle"] == "Dermatology"


# --- Sitemap, robots.txt, feed -------------------------------------------------------------


def sitemap_entries(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", SITEMAP_NS).text: getattr(url.find("s:lastmod", SITEMAP_NS), "text", None)
        for url in root.findall("s:url", SITEMAP_NS)
    }


def test_sitemap_lists_home_blog_articles_categories_and_doctors(client):
    article = ArticleFactory(slug="what-is-fue")
    entries = sitemap_entries(client)
    for path in [
        "/",
        "/blog/",
        "/blog/what-is-fue/",
        article.category.get_absolute_url(),
        article.author.get_absolute_url(),
    ]:
        assert f"http://testserver{path}" in entries


def test_sitemap_gives_each_article_its_last_modification_date(client):
    article = ArticleFactory(slug="what-is-fue")
    entries = sitemap_entries(client)
    # The date in the site's time zone, as the sitemap writes it.
    expected = timezone.localtime(article.modified_at).date().isoformat()
    assert entries["http://testserver/blog/what-is-fue/"] == expected


XHTML_NS = "{http://www.w3.org/1999/xhtml}"


def sitemap_alternates(client):
    """Each listed address with its ``xhtml:link`` alternates, by hreflang."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML_NS}link")
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }


@pytest.mark.usefixtures("four_languages")
def test_sitemap_lists_every_language_version_of_a_page_with_its_alternates(client):
    article = ArticleFactory()
    every_language = {
        "en": "http://testserver{path}",
        "tr": "http://testserver/tr{path}",
        "de": "http://testserver/de{path}",
        "ar": "http://testserver/ar{path}",
        "x-default": "http://testserver{path}",
    }
    listed = sitemap_alternates(client)
    for path in [
        "/",
        "/blog/",
        article.category.get_absolute_url(),
        article.author.get_absolute_url(),
    ]:
        versions = {code: url.format(path=path) for code, url in every_language.items()}
        for code in ("en", "tr", "de", "ar"):
            assert listed[versions[code]] == versions


@pytest.mark.usefixtures("four_languages")
def test_sitemap_lists_each_article_once_at_its_address_with_its_published_translations(client):
    english = ArticleFactory(language="en", slug="fue-or-dhi")
    ArticleFactory(language="de", slug="fue-oder-dhi", translation_of=english)
    ArticleFactory(language="tr", slug="fue-mi-dhi-mi", translation_of=english, published_at=None)
    listed = sitemap_alternates(client)
    articles = {url: links for url, links in listed.items() if "/blog/fue" in url}
    group = {
        "en": "http://testserver/blog/fue-or-dhi/",
        "de": "http://testserver/de/blog/fue-oder-dhi/",
        "x-default": "http://testserver/blog/fue-or-dhi/",
    }
    assert articles == {group["en"]: group, group["de"]: group}


@pytest.mark.usefixtures("four_languages")
def test_sitemap_gives_an_untranslated_article_its_own_address_as_x_default(client):
    ArticleFactory(language="de", slug="haarausfall")
    german = ArticleFactory(language="de", slug="kopfhaut")
    ArticleFactory(language="tr", slug="sac-derisi", translation_of=german)
    listed = sitemap_alternates(client)
    assert listed["http://testserver/de/blog/haarausfall/"] == {
        "de": "http://testserver/de/blog/haarausfall/",
        "x-default": "http://testserver/de/blog/haarausfall/",
    }
    # Without an English version, x-default is the original.
    assert listed["http://testserver/tr/blog/sac-derisi/"]["x-default"] == (
        "http://testserver/de/blog/kopfhaut/"
    )


@pytest.mark.usefixtures("four_languages")
def test_sitemap_gives_each_language_version_its_own_lastmod(client):
    english = ArticleFactory(
        language="en", slug="fue-or-dhi", published_at=timezone.now() - timedelta(days=30)
    )
    ArticleFactory(
        language="de",
        slug="fue-oder-dhi",
        translation_of=english,
        published_at=timezone.now() - timedelta(days=3),
    )
    entries = sitemap_entries(client)
    assert entries["http://testserver/blog/fue-or-dhi/"] == (
        timezone.localtime(timezone.now() - timedelta(days=30)).date().isoformat()
    )
    assert entries["http://testserver/de/blog/fue-oder-dhi/"] == (
        timezone.localtime(timezone.now() - timedelta(days=3)).date().isoformat()
    )


def test_sitemap_leaves_out_categories_without_published_articles(client):
    CategoryFactory(slug="empty")
    ArticleFactory(category=CategoryFactory(slug="drafts-only"), published_at=None)
    entries = sitemap_entries(client)
    assert "http://testserver/blog/category/empty/" not in entries
    assert "http://testserver/blog/category/drafts-only/" not in entries


def test_sitemap_is_cached(client, django_assert_num_queries):
    ArticleFactory()
    client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        assert client.get("/sitemap.xml").status_code == 200


def test_sitemap_cache_ignores_the_query_string(client, django_assert_num_queries):
    article = ArticleFactory(slug="what-is-fue")
    first = client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        for query in ["?x=1", "?x=random-7f3a", "?p=2", "?utm_source=a&utm_medium=b"]:
            response = client.get("/sitemap.xml" + query)
            assert response.status_code == 200
            assert response.content == first.content
    assert f"http://testserver{article.get_absolute_url()}" in sitemap_entries(client)


def editor_client():
    from django.test import Client

    from tests.factories import StaffFactory

    editor = Client()
    editor.force_login(StaffFactory(role="Editors"))
    return editor


def admin_action(action, article):
    editor_client().post(
        "/admin/blog/article/", {"action": action, "_selected_action": [article.pk]}
    )


def test_unpublishing_takes_an_article_out_of_the_cached_sitemap_at_once(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(slug="what-is-fue")
    assert "http://testserver/blog/what-is-fue/" in sitemap_entries(client)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action("unpublish", article)
    assert "http://testserver/blog/what-is-fue/" not in sitemap_entries(client)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action("publish_now", article)
    assert "http://testserver/blog/what-is-fue/" in sitemap_entries(client)


def change_slug(obj):
    obj.slug = f"{obj.slug}-renamed"
    obj.save()
    return obj.get_absolute_url()


def delete_in_the_admin(obj):
    editor_client().post(
        f"/admin/blog/{obj._meta.model_name}/",
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def delete(obj):
    obj.delete()


@pytest.mark.parametrize(
    ("make", "change"),
    [
        (lambda: ArticleFactory(), change_slug),
        (lambda: ArticleFactory().author, change_slug),
        (lambda: ArticleFactory().category, change_slug),
        (lambda: ArticleFactory(), delete_in_the_admin),
        (lambda: ArticleFactory(), delete),
        (lambda: DoctorFactory(), delete_in_the_admin),
        (lambda: DoctorFactory(), delete),
    ],
    ids=[
        "article renamed",
        "doctor renamed",
        "category renamed",
        "article deleted in the admin",
        "article deleted",
        "doctor deleted in the admin",
        "doctor deleted",
    ],
)
def test_sitemap_follows_saved_and_deleted_articles_doctors_and_categories(
    client, make, change, django_capture_on_commit_callbacks
):
    obj = make()
    old = f"http://testserver{obj.get_absolute_url()}"
    assert old in sitemap_entries(client)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        new_path = change(obj)
    after = sitemap_entries(client)
    assert old not in after
    if new_path:
        assert f"http://testserver{new_path}" in after


def test_a_scheduled_article_reaches_the_cached_sitemap_at_its_time(client):
    now = timezone.now()
    ArticleFactory(slug="soon", published_at=now + timedelta(minutes=1))
    with time_machine.travel(now, tick=False):
        assert "http://testserver/blog/soon/" not in sitemap_entries(client)
    with time_machine.travel(now + timedelta(seconds=30), tick=False):
        assert "http://testserver/blog/soon/" not in sitemap_entries(client)
    # Nothing was saved in between: the cached copy simply ends at the article's time.
    with time_machine.travel(now + timedelta(minutes=1, seconds=1), tick=False):
        assert "http://testserver/blog/soon/" in sitemap_entries(client)


def test_robots_txt_names_the_sitemaps_absolute_address(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text.splitlines()
    assert "Disallow: /admin/" in response.text


def test_feed_has_the_latest_20_articles_newest_first(client, clinic):
    for day in range(25, 0, -1):
        ArticleFactory(
            title=f"Feed article {day}", published_at=timezone.now() - timedelta(days=day)
        )
    root = ET.fromstring(client.get("/blog/feed/").content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert len(titles) == 20
    assert titles[0] == "Feed article 1"
    assert "Feed article 21" not in titles


def test_feed_items_carry_link_summary_author_and_date(client, clinic):
    article = ArticleFactory(
        slug="what-is-fue", summary="A short answer.", author=DoctorFactory(name="Emre Kaya")
    )
    item = next(ET.fromstring(client.get("/blog/feed/").content).iter("item"))
    assert item.findtext("link") == "http://testserver/blog/what-is-fue/"
    assert item.findtext("description") == "A short answer."
    assert "Emre Kaya" in item.findtext("{http://purl.org/dc/elements/1.1/}creator", "") + (
        item.findtext("author") or ""
    )
    assert item.findtext("pubDate")
    assert item.findtext("category") == article.category.name


def test_every_page_links_the_feed_in_its_head(client, clinic):
    for url in ["/", "/blog/", ArticleFactory().get_absolute_url()]:
        head = client.get(url).text.split("</head>")[0]
        assert '<link rel="alternate" type="application/rss+xml"' in head
        assert 'href="/blog/feed/"' in head


# --- The page's language for search engines and social networks ---------------------------


def og_locales(page):
    locale = re.findall(r'<meta property="og:locale" content="([^"]*)">', page)
    alternates = re.findall(r'<meta property="og:locale:alternate" content="([^"]*)">', page)
    return locale, alternates


@pytest.mark.usefixtures("four_languages")
def test_og_locale_is_the_pages_language_with_its_other_versions_as_alternates(client, clinic):
    english = ArticleFactory(language="en", slug="fue-or-dhi")
    ArticleFactory(language="de", slug="fue-oder-dhi", translation_of=english)
    ArticleFactory(language="tr", slug="fue-mi-dhi-mi", translation_of=english, published_at=None)
    assert og_locales(client.get("/blog/fue-or-dhi/").text) == (["en_GB"], ["de_DE"])
    assert og_locales(client.get("/de/blog/fue-oder-dhi/").text) == (["de_DE"], ["en_GB"])
    assert og_locales(client.get("/ar/blog/").text) == (["ar_AR"], ["en_GB", "tr_TR", "de_DE"])
    assert og_locales(client.get("/tr/callback/").text) == (["tr_TR"], ["en_GB", "de_DE", "ar_AR"])


@pytest.mark.usefixtures("four_languages")
def test_an_untranslated_article_has_no_og_locale_alternate(client, clinic):
    ArticleFactory(language="de", slug="haarausfall")
    assert og_locales(client.get("/de/blog/haarausfall/").text) == (["de_DE"], [])


@pytest.mark.usefixtures("four_languages")
def test_structured_data_names_the_pages_language(client, clinic):
    german = ArticleFactory(language="de", slug="haarausfall")
    category_path, doctor_path = (
        german.category.get_absolute_url(),
        german.author.get_absolute_url(),
    )
    page = client.get("/de/blog/haarausfall/").text
    assert graph_item(page, "MedicalWebPage")["inLanguage"] == "de"
    assert graph_item(page, "BlogPosting")["inLanguage"] == "de"
    assert graph_item(client.get("/ar/blog/").text, "CollectionPage")["inLanguage"] == "ar"
    category_page = client.get(f"/tr{category_path}").text
    assert graph_item(category_page, "CollectionPage")["inLanguage"] == "tr"
    doctor_page = client.get(f"/de{doctor_path}").text
    assert graph_item(doctor_page, "ProfilePage")["inLanguage"] == "de"
    assert graph_item(client.get("/blog/").text, "CollectionPage")["inLanguage"] == "en"


@pytest.mark.usefixtures("four_languages")
def test_sitemap_dates_each_language_version_of_a_category_by_its_own_articles(client):
    category = CategoryFactory(slug="hair-loss")
    ArticleFactory(
        language="en", category=category, published_at=timezone.now() - timedelta(days=30)
    )
    ArticleFactory(
        language="de", category=category, published_at=timezone.now() - timedelta(days=3)
    )
    entries = sitemap_entries(client)

    def day(days_ago):
        return timezone.localtime(timezone.now() - timedelta(days=days_ago)).date().isoformat()

    assert entries["http://testserver/blog/category/hair-loss/"] == day(30)
    assert entries["http://testserver/de/blog/category/hair-loss/"] == day(3)
    assert entries["http://testserver/tr/blog/category/hair-loss/"] is None  # nothing in Turkish


@pytest.mark.usefixtures("four_languages")
def test_home_page_names_its_language_and_what_it_is_about(client, clinic):
    page = client.get("/de/").text
    home = graph_item(page, "WebPage")
    assert home["inLanguage"] == "de"
    assert home["url"] == "http://testserver/de/"
    assert home["about"]["@id"] == graph_item(page, "MedicalClinic")["@id"]

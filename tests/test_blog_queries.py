"""
Every public blog page runs the same small number of queries however much content exists.
Measured with a warm clinic identity cache (as in production); numbers are ceilings, the same
for the default language's unprefixed pages and for another language's (/de/...).
"""

from datetime import date
from io import StringIO

import pytest

from clinic_site import demo as clinic_demo
from clinic_site.models import Clinic
from tests.factories import ArticleFactory, CategoryFactory, DoctorFactory

pytestmark = pytest.mark.django_db

# The query count of each public page, as promised in the blog's README section. The home
# and article pages carry the call-back form, whose treatment list is one more query; the home
# page also shows treatments, doctors, results and reviews, one query each
# (tests/test_clinic_home.py).
PAGE_QUERIES = {
    "home": 6,
    "blog index": 3,
    "article": 3,
    "category": 4,
    "doctor": 6,  # also the treatments they perform, and the call-back form at the end
    "search": 2,
    "feed": 1,
    "sitemap": 5,  # when rebuilt (the active treatments are one); 0 while cached
}


@pytest.fixture
def lots_of_content(request, client):
    """
    20 articles by 4 doctors in 3 categories, reviewed, with hand-picked related articles, in
    the language of the page's address (``prefix``): each language lists its own articles.
    """
    prefix = request.getfixturevalue("prefix") if "prefix" in request.fixturenames else ""
    language = prefix.strip("/") or "en"
    clinic_demo.seed(stdout=StringIO())
    doctors = DoctorFactory.create_batch(4)
    categories = CategoryFactory.create_batch(3)
    articles = []
    for index in range(20):
        articles.append(
            ArticleFactory(
                author=doctors[index % 4],
                reviewed_by=doctors[(index + 1) % 4],
                last_reviewed=date(2026, 1, 1),
                category=categories[index % 3],
                related=articles[-3:],
                language=language,
                body=f"## Question {index}?\n\nFollicle answer {index}.",
            )
        )
    Clinic.load()  # warm, as it is on every request but the first after a change
    return {"articles": articles, "doctors": doctors, "categories": categories}


@pytest.fixture(params=["", "/de"], ids=["default language", "German"])
def prefix(request):
    """The language prefix of the page's address."""
    return request.param


def assert_page_queries(client, django_assert_max_num_queries, page, url):
    with django_assert_max_num_queries(PAGE_QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_home_page_query_count_is_constant(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    response = assert_page_queries(client, django_assert_max_num_queries, "home", prefix + "/")
    assert lots_of_content["articles"][-1].title in response.text


def test_blog_index_query_count_is_constant(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    assert_page_queries(client, django_assert_max_num_queries, "blog index", prefix + "/blog/")
    assert_page_queries(
        client, django_assert_max_num_queries, "blog index", prefix + "/blog/?page=2"
    )


def test_article_page_query_count_is_constant(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    article = lots_of_content["articles"][-1]
    response = assert_page_queries(
        client, django_assert_max_num_queries, "article", article.get_absolute_url()
    )
    assert len(response.context["related_articles"]) == 3


def test_article_page_without_picks_costs_the_same(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    article = lots_of_content["articles"][0]  # nothing hand-picked: the category's latest
    response = assert_page_queries(
        client, django_assert_max_num_queries, "article", article.get_absolute_url()
    )
    assert len(response.context["related_articles"]) == 3


def test_category_page_query_count_is_constant(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    category = lots_of_content["categories"][0]
    assert_page_queries(
        client, django_assert_max_num_queries, "category", prefix + category.get_absolute_url()
    )


def test_doctor_page_query_count_is_constant(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    doctor = lots_of_content["doctors"][0]
    response = assert_page_queries(
        client, django_assert_max_num_queries, "doctor", prefix + doctor.get_absolute_url()
    )
    assert response.context["articles"]
    assert response.context["reviewed_articles"]


def test_search_page_query_count_is_constant(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    response = assert_page_queries(
        client, django_assert_max_num_queries, "search", prefix + "/search/?q=follicle"
    )
    assert len(response.context["articles"]) == 12


def test_feed_query_count_is_constant(
    client, lots_of_content, django_assert_max_num_queries, prefix
):
    assert_page_queries(client, django_assert_max_num_queries, "feed", prefix + "/blog/feed/")


def test_sitemap_query_count_is_constant(client, lots_of_content, django_assert_max_num_queries):
    assert_page_queries(client, django_assert_max_num_queries, "sitemap", "/sitemap.xml")

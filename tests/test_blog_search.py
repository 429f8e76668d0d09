"""Search: full-text on PostgreSQL, a word search on SQLite; both find words in the body."""

import pytest
from django.db import connection

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


def result_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [article.title for article in response.context["articles"]]


def test_search_finds_a_word_in_the_body(client):
    ArticleFactory(title="Recovery", body="Swelling of the forehead passes within days.")
    ArticleFactory(title="Unrelated", body="Nothing to see here.")
    assert result_titles(client, "forehead") == ["Recovery"]


def test_search_finds_words_in_the_title_and_the_summary(client):
    ArticleFactory(title="Alopecia areata explained", body="Text.")
    ArticleFactory(title="Other", summary="Everything about minoxidil.", body="Text.")
    assert result_titles(client, "alopecia") == ["Alopecia areata explained"]
    assert result_titles(client, "minoxidil") == ["Other"]


def test_every_searched_word_must_appear(client):
    ArticleFactory(title="Both", body="Donor area and graft survival.")
    ArticleFactory(title="One", body="Donor area only.")
    assert result_titles(client, "donor graft") == ["Both"]


def test_title_matches_rank_above_body_matches(client):
    ArticleFactory(title="Body mention", body="A word about beards here.", published_at=None)
    ArticleFactory(title="Older body mention", body="Beards can donate hair.")
    ArticleFactory(title="Beards as a donor area", body="Text.")
    assert result_titles(client, "beards")[0] == "Beards as a donor area"


def test_results_show_an_excerpt_with_the_words_highlighted(client):
    ArticleFactory(body="Most patients see a clear change at six to nine months after surgery.")
    page = client.get("/search/", {"q": "months"}).text
    assert "<mark>months</mark>" in page
    assert "1 article found for “months”." in page


def test_excerpts_are_escaped_before_highlighting(client):
    ArticleFactory(body="Dose `<b>bold</b>` is 5 < 6 and graft counts matter.")
    page = client.get("/search/", {"q": "graft"}).text
    assert "<b>bold</b>" not in page
    assert "5 < 6" not in page
    assert "<mark>graft</mark>" in page


def test_search_pages_keep_the_query(client):
    ArticleFactory.create_batch(13, body="Follicle facts.")
    page = client.get("/search/", {"q": "follicle"})
    assert len(page.context["articles"]) == 12
    assert 'href="?q=follicle&amp;page=2"' in page.text
    assert len(client.get("/search/", {"q": "follicle", "page": 2}).context["articles"]) == 1


def test_search_page_is_kept_out_of_search_engines(client):
    page = client.get("/search/", {"q": "hair"}).text
    assert '<meta name="robots" content="noindex, follow">' in page
    assert 'rel="canonical"' not in page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "'",
        '"',
        '"unclosed',
        "&|!():*<>",
        "hair & (loss",
        "-",
        "OR AND NOT",
        "<script>alert(1)</script>",
        "\x00hair\x00",
        "🙂 saç dökülmesi",
        "a" * 5000,
        "hair " * 2000,
        "%_%",
    ],
    ids=lambda query: repr(query[:20]),
)
def test_odd_or_very_long_queries_never_error(client, query):
    ArticleFactory(body="Hair loss and hair transplant.")
    response = client.get("/search/", {"q": query, "page": "x"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text


def test_invisible_and_control_characters_in_a_query_are_ignored(client):
    ArticleFactory(title="Hair transplant recovery", body="Hair loss and hair transplant.")
    response = client.get("/search/", {"q": "trans\u200bplant\x00 \x85recovery"})
    assert "Hair transplant recovery" in response.text


def test_an_empty_search_shows_the_form_and_no_results(client):
    ArticleFactory()
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.text
    assert list(response.context["articles"]) == []


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("öztürk", "Dr. Öztürk answers"),
        ("ÖZTÜRK", "Dr. Öztürk answers"),
        ("Öztürk", "Dr. Öztürk answers"),
        ("şişli", "Our clinic in Şişli"),
        ("ŞİŞLİ", "Our clinic in Şişli"),
        ("Şişli", "Our clinic in Şişli"),
        ("istanbul", "Travelling to İstanbul"),
        ("İSTANBUL", "Travelling to İstanbul"),
        ("İstanbul", "Travelling to İstanbul"),
        ("übelkeit", "Übelkeit nach der Narkose"),
        ("ÜBELKEIT", "Übelkeit nach der Narkose"),
        ("ärztin", "Fragen an die Ärztin"),
        ("ÄRZTIN", "Fragen an die Ärztin"),
    ],
)
def test_search_finds_turkish_and_german_words_typed_in_any_case(client, query, title):
    ArticleFactory(title="Dr. Öztürk answers", body="Questions about the donor area.")
    ArticleFactory(title="Our clinic in Şişli", body="Where to find us.")
    ArticleFactory(title="Travelling to İstanbul", body="Flights and hotels.")
    ArticleFactory(title="Übelkeit nach der Narkose", body="Was hilft.")
    ArticleFactory(title="Fragen an die Ärztin", body="Antworten.")
    ArticleFactory(title="Recovery", body="After surgery Dr. ÖZTÜRK calls every patient in ŞİŞLİ.")
    found = result_titles(client, query)
    assert found[0] == title
    assert set(found) <= {title, "Recovery"}


def test_search_finds_non_ascii_words_in_the_body_and_highlights_them(client):
    ArticleFactory(title="Recovery", body="Dr. Öztürk calls every patient after surgery.")
    page = client.get("/search/", {"q": "ÖZTÜRK"}).text
    assert "1 article found" in page
    assert "<mark>Öztürk</mark>" in page


@sqlite_only
@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("strasse", "Anfahrt über die Straße"),
        ("STRASSE", "Anfahrt über die Straße"),
        ("straße", "Anfahrt über die Straße"),
        ("ILIK", "Ilık duş"),
        ("ılık", "Ilık duş"),
        ("ISPARTA", "Hastalarımız Isparta'dan"),
        ("isparta", "Hastalarımız Isparta'dan"),
    ],
)
def test_sqlite_search_folds_sharp_s_and_the_turkish_i(client, query, title):
    ArticleFactory(title="Anfahrt über die Straße", body="Mit dem Taxi.")
    ArticleFactory(title="Ilık duş", body="Ameliyattan sonra.")
    ArticleFactory(title="Hastalarımız Isparta'dan", body="Geliyor.")
    assert result_titles(client, query) == [title]


@sqlite_only
def test_sqlite_search_highlights_words_that_differ_only_in_folding(client):
    ArticleFactory(body="Flights to İstanbul land at noon; the Straße is short.")
    page = client.get("/search/", {"q": "istanbul STRASSE"}).text
    assert "<mark>İstanbul</mark>" in page
    assert "<mark>Straße</mark>" in page


@postgresql_only
def test_postgresql_search_matches_other_forms_of_a_word(client):
    ArticleFactory(title="Grafts", body="The surgeon transplanted the follicles.")
    assert result_titles(client, "transplanting follicle") == ["Grafts"]


@postgresql_only
def test_postgresql_search_understands_quotes_and_exclusions(client):
    ArticleFactory(title="Exact", body="Local anaesthesia numbs the scalp.")
    ArticleFactory(title="Apart", body="Anaesthesia is given. It is local to the area.")
    assert result_titles(client, '"local anaesthesia"') == ["Exact"]
    assert result_titles(client, "anaesthesia -numbs") == ["Apart"]


@postgresql_only
def test_postgresql_keeps_a_stored_search_vector_with_a_gin_index():
    article = ArticleFactory(title="Beards", body="Donor hair.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM blog_article WHERE id = %s", [article.pk])
        vector = cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'blog_article' "
            "AND indexdef ILIKE '%%USING gin (search_vector)%%'"
        )
        assert cursor.fetchone() is not None
    assert "'beard':1A" in vector
    assert "'donor'" in vector


@postgresql_only
def test_postgresql_search_vector_follows_edits(client):
    article = ArticleFactory(body="Original words.")
    article.body = "Completely different vocabulary."
    article.save()
    assert result_titles(client, "vocabulary") == [article.title]
    assert result_titles(client, "original") == []


@sqlite_only
def test_sqlite_has_no_search_vector_column():
    columns = [
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), "blog_article"
        )
    ]
    assert "search_vector" not in columns

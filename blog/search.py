"""
Article search: PostgreSQL full-text search where the database has it, a word search elsewhere.

On PostgreSQL, ``blog_article.search_vector`` (title weighted A, summary B, body C; see
migrations 0002 and 0007) is built with the text search configuration of the article's
language (``german`` for a German article: "Haartransplantationen" finds "Haartransplantation";
``simple`` for a language the server has no stemmer for). A query is parsed with the
configuration of the language searched, by the same SQL function, ``blog_search_config``; the
views search one language at a time. It is matched with ``websearch_to_tsquery``, which accepts
anything a person types (quotes, minus signs, stray operators) without a syntax error; results
are ranked and each gets an excerpt with the matching words highlighted. On SQLite every word
must appear in the title, summary or body text; titles that match come first. SQLite's LIKE
only folds ASCII letters, so both sides are folded by ``fold`` instead, in the database (a
function registered on each SQLite connection): "ÖZTÜRK" finds "Öztürk", "istanbul" finds
"İstanbul", "STRASSE" "Straße".

Either way the query is cut to a sane length first, so odd or very long input never errors.
"""

import html
import re
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Func, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from clinic_site.text import strip_control_characters

# The SQL function (migration 0007) that gives a language's text search configuration; the
# trigger that fills the search vector uses it too.
SEARCH_CONFIG_FUNCTION = "blog_search_config"
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
EXCERPT_WORDS = 30

# Markers PostgreSQL puts around matches; control characters never occur in stored text
# (blog.rendering strips them), so the excerpt can be escaped first and highlighted after.
_START, _STOP = "\x02", "\x03"


# The name of ``fold`` inside SQLite; see register_sqlite_functions.
FOLD_FUNCTION = "blog_fold"


def fold(text):
    """
    Text as search compares it: case folded the Unicode way (``ß`` is ``ss``), with the Turkish
    dotted and dotless i read as a plain ``i``, so a word matches however it was typed: an
    upper-case "I" is an "ı" in Turkish and an "i" elsewhere. Accents still count.
    """
    if text is None:
        return None
    folded = unicodedata.normalize("NFD", text).casefold()
    folded = folded.replace("i\u0307", "i").replace("\u0131", "i")
    return unicodedata.normalize("NFC", folded)


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created`` receiver: makes ``fold`` callable in SQL on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


class Fold(Func):
    function = FOLD_FUNCTION
    output_field = TextField()


def normalize_query(raw: str) -> str:
    text = strip_control_characters(raw or "", invisible=True)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_words(query: str) -> list[str]:
    words = re.findall(r"\w+", unicodedata.normalize("NFC", query))
    unique = list(dict.fromkeys(fold(word) for word in words))
    return unique[:MAX_WORDS]


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def search_articles(queryset, query: str, *, language: str):
    """
    The articles of ``queryset`` matching ``query`` read as ``language``, best first (a
    queryset, lazy). ``queryset`` holds articles in that language.
    """
    if uses_full_text_search():
        return _postgres_search(queryset, query, language)
    return _word_search(queryset, query)


def _search_config(language):
    return Func(Value(language), function=SEARCH_CONFIG_FUNCTION, output_field=TextField())


def _postgres_search(queryset, query, language):
    vector = RawSQL(f"{queryset.model._meta.db_table}.search_vector", [], SearchVectorField())
    config = _search_config(language)
    search_query = SearchQuery(query, search_type="websearch", config=config)
    return (
        queryset.alias(document=vector)
        .filter(document=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            excerpt_source=SearchHeadline(
                "body_text",
                search_query,
                config=config,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=EXCERPT_WORDS,
                min_words=EXCERPT_WORDS // 2,
                max_fragments=1,
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _word_search(queryset, query):
    words = query_words(query)
    if not words:
        return queryset.none()
    matches = Q()
    for word in words:
        matches &= (
            Q(folded_title__contains=word)
            | Q(folded_summary__contains=word)
            | Q(folded_body__contains=word)
        )
    return (
        queryset.alias(
            folded_title=Fold("title"),
            folded_summary=Fold("summary"),
            folded_body=Fold("body_text"),
        )
        .filter(matches)
        .annotate(
            title_match=Case(
                When(folded_title__contains=words[0], then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-title_match", "-published_at", "-pk")
    )


def excerpt_for(article, query: str) -> str:
    """A short, escaped passage of the article with the searched words in ``<mark>``."""
    source = getattr(article, "excerpt_source", None)
    if source is not None:
        escaped = html.escape(source)
        return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308
    return _python_excerpt(article.body_text, query_words(query))


def _python_excerpt(text: str, words: list[str]) -> str:
    tokens = text.split()
    if not tokens:
        return ""
    start = 0
    if words:
        pattern = re.compile("|".join(re.escape(word) for word in words), re.I)
        for index, token in enumerate(tokens):
            if _token_matches(token, words):
                start = max(0, index - EXCERPT_WORDS // 3)
                break
        passage = tokens[start : start + EXCERPT_WORDS]
        highlighted = " ".join(_highlight(token, words, pattern) for token in passage)
    else:
        highlighted = " ".join(tokens[:EXCERPT_WORDS])
    escaped = html.escape(highlighted).replace(_START, "<mark>").replace(_STOP, "</mark>")
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_WORDS < len(tokens) else ""
    return mark_safe(f"{prefix}{escaped}{suffix}")  # noqa: S308


def _token_matches(token: str, words: list[str]) -> bool:
    folded = fold(token)
    return any(word in folded for word in words)


def _highlight(token: str, words: list[str], pattern) -> str:
    """The token with the searched words marked; all of it when only its folded form matches."""
    marked, count = pattern.subn(lambda match: f"{_START}{match.group(0)}{_STOP}", token)
    if count or not _token_matches(token, words):
        return marked
    # "İstanbul" for "istanbul", "Straße" for "strasse": the letters differ, the word does not.
    lead, core, trail = re.fullmatch(r"(\W*)(.*?)(\W*)", token, re.S).groups()
    return f"{lead}{_START}{core}{_STOP}{trail}"

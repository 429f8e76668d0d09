"""
Full-text search in each article's language on PostgreSQL: the stored ``search_vector`` is
built with the text search configuration of the article's language (German stems for a German
article), and search uses the same one for the query.

``blog_search_config(language)`` maps a language code to PostgreSQL's configuration of that
name (``de`` -> ``german``) when this server has it, else to ``simple`` (no stemming, still
every word). The map covers every language PostgreSQL ships a stemmer for, so a language added
to the site later needs no migration. blog/search.py calls the same function for queries.
"""

from django.db import migrations

from blog.migrations._postgresql import PostgreSQLOnly

# Language code -> PostgreSQL's snowball configuration for it.
CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

_VALUES = ", ".join(f"('{code}', '{name}')" for code, name in CONFIGS.items())

CREATE = f"""
CREATE FUNCTION blog_search_config(language text) RETURNS regconfig AS $$
    SELECT coalesce(
        (
            SELECT c.oid::regconfig
            FROM pg_catalog.pg_ts_config c
            JOIN (VALUES {_VALUES}) AS m(code, cfgname) ON m.cfgname = c.cfgname
            WHERE m.code = split_part(lower(language), '-', 1)
            ORDER BY c.cfgnamespace = 'pg_catalog'::regnamespace DESC
            LIMIT 1
        ),
        'simple'::regconfig
    )
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION blog_article_search_vector_update() RETURNS trigger AS $$
DECLARE
    config regconfig := blog_search_config(NEW.language);
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.body_text, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER blog_article_search_vector_trigger ON blog_article;
CREATE TRIGGER blog_article_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, body_text, language ON blog_article
    FOR EACH ROW EXECUTE FUNCTION blog_article_search_vector_update();

UPDATE blog_article SET title = title;
"""

DROP = """
CREATE OR REPLACE FUNCTION blog_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER blog_article_search_vector_trigger ON blog_article;
CREATE TRIGGER blog_article_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, body_text ON blog_article
    FOR EACH ROW EXECUTE FUNCTION blog_article_search_vector_update();

DROP FUNCTION blog_search_config(text);

UPDATE blog_article SET title = title;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0006_article_language_and_translations"),
    ]

    operations = [
        PostgreSQLOnly(CREATE, DROP),
    ]

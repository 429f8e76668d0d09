"""
Full-text search on PostgreSQL: a stored ``search_vector`` column with a GIN index, kept up to
date by a trigger, so every write (admin, ``update()``, raw SQL) refreshes it.

The column exists only on PostgreSQL, and the model does not declare it: the same migrations
run on SQLite, where ``blog.search`` falls back to a simpler word search. See blog/search.py.
"""

from django.db import migrations

from blog.migrations._postgresql import PostgreSQLOnly

CREATE = """
ALTER TABLE blog_article ADD COLUMN search_vector tsvector;

CREATE FUNCTION blog_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER blog_article_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, body_text ON blog_article
    FOR EACH ROW EXECUTE FUNCTION blog_article_search_vector_update();

UPDATE blog_article SET title = title;

CREATE INDEX blog_article_search_vector_gin ON blog_article USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS blog_article_search_vector_gin;
DROP TRIGGER IF EXISTS blog_article_search_vector_trigger ON blog_article;
DROP FUNCTION IF EXISTS blog_article_search_vector_update();
ALTER TABLE blog_article DROP COLUMN IF EXISTS search_vector;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
    ]

    operations = [
        PostgreSQLOnly(CREATE, DROP),
    ]

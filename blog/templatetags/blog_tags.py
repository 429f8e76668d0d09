from django import template

from blog.models import Article
from blog.views import other_languages_with_articles

register = template.Library()

HOME_ARTICLES = 3


@register.simple_tag
def latest_articles(limit=HOME_ARTICLES):
    """
    The newest published articles in the page's language for a teaser list: one query, author
    and category included.
    """
    return list(Article.objects.published().in_language().for_cards()[:limit])


@register.simple_tag
def other_article_languages():
    """The other languages that have articles, for a language that has none yet."""
    return other_languages_with_articles()

from django import template

from blog.models import Article

register = template.Library()

HOME_ARTICLES = 3


@register.simple_tag
def latest_articles(limit=HOME_ARTICLES):
    """The newest published articles for a teaser list: one query, author and category included."""
    return list(Article.objects.published().for_cards()[:limit])

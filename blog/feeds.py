from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from blog.models import Article
from clinic_site.models import Clinic

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """
    RSS of the latest published articles in the page's language (``/de/blog/feed/``: German
    articles); linked from every page's head.
    """

    def title(self):
        return _("%(clinic)s: articles") % {"clinic": Clinic.load().name}

    def description(self):
        return _("Doctor-written articles from %(clinic)s.") % {"clinic": Clinic.load().name}

    def link(self):
        return reverse("blog:index")

    def items(self):
        return Article.objects.published().in_language().for_cards()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.author.display_name

    def item_author_link(self, item):
        return item.author.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_categories(self, item):
        return [item.category.name]

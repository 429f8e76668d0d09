"""
The article digest: a draft campaign per language, made of the articles published in that
language since the last digest sent (title, image, summary, link; the newest first), for
marketing to edit and send. ``NEWSLETTER_DIGEST`` can make it monthly by itself.
"""

import logging
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from blog.models import Article
from clinic_site.models import Clinic
from clinic_site.same_site import is_same_site_path
from newsletter.models import Campaign
from newsletter.services.campaigns import campaign_schedule

logger = logging.getLogger(__name__)


def digest_articles(*, language: str, now: datetime | None = None):
    """The articles of the next digest in ``language``: published since the last digest sent."""
    now = now or timezone.now()
    last = (
        Campaign.objects.digests()
        .filter(language=language, status=Campaign.Status.SENT)
        .order_by("-digest_until")
        .first()
    )
    articles = Article.objects.filter(language=language, published_at__lte=now)
    if last is not None:
        articles = articles.filter(published_at__gt=last.digest_until)
    return articles.select_related("author").order_by("-published_at", "-pk")


def _markdown_text(value: str) -> str:
    """Text placed in Markdown as it is, never read as Markdown or HTML."""
    escaped = value.replace("\\", "\\\\")
    for character in "[]()*_`#<>!":
        escaped = escaped.replace(character, f"\\{character}")
    return " ".join(escaped.split())


def _article_markdown(article: Article) -> str:
    url = f"{settings.SITE_URL}{article.get_absolute_url()}"
    parts = [f"## [{_markdown_text(article.title)}]({url})"]
    if article.hero_image and article.hero_image_alt:
        src = article.hero_image.url
        if is_same_site_path(src):
            parts.append(f"[![{_markdown_text(article.hero_image_alt)}]({src})]({url})")
    if article.summary:
        parts.append(_markdown_text(article.summary))
    parts.append(f"[{_markdown_text(gettext('Read the article'))}]({url})")
    return "\n\n".join(parts)


def digest_compose(
    *, language: str, now: datetime | None = None, created_by=None, digest_month: date | None = None
):
    """
    A draft digest in ``language``, or None when no article is new since the last one.
    ``digest_month``: the monthly digest's month (the 1st), empty for one marketing asked for.
    None too when another run made that month's digest in the meantime.
    """
    now = now or timezone.now()
    articles = list(digest_articles(language=language, now=now))
    if not articles:
        return None
    clinic = Clinic.load()
    with translation.override(language):
        month = formats.date_format(timezone.localtime(now), "YEAR_MONTH_FORMAT")
        subject = gettext("%(clinic)s: new articles from our doctors, %(month)s") % {
            "clinic": clinic.name,
            "month": month,
        }
        preheader = gettext("%(count)s new articles, written by our doctors.") % {
            "count": len(articles)
        }
        body = "\n\n".join(
            [gettext("Here is what our doctors have written since our last newsletter.")]
            + [_article_markdown(article) for article in articles]
        )
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                kind=Campaign.Kind.DIGEST,
                digest_until=now,
                digest_month=digest_month,
                subject=subject[:150],
                preheader=preheader,
                body=body,
                language=language,
                created_by=created_by,
                created_at=now,
            )
    except IntegrityError:
        # That month's digest in this language, made by a run of the job next to this one.
        return None
    logger.info("newsletter digest drafted campaign=%s articles=%s", campaign.pk, len(articles))
    return campaign


def digests_compose(*, now: datetime | None = None, created_by=None) -> list[Campaign]:
    """A draft digest in each of the site's languages that has new articles."""
    drafts = []
    for language, _name in settings.LANGUAGES:
        campaign = digest_compose(language=language, now=now, created_by=created_by)
        if campaign is not None:
            drafts.append(campaign)
    return drafts


def is_first_monday(day) -> bool:
    return day.weekday() == 0 and day.day <= 7


def digests_monthly(*, now: datetime | None = None) -> list[Campaign]:
    """
    The monthly digest (``NEWSLETTER_DIGEST``: off, draft or send): on the first Monday of the
    month, one per language with new articles. Idempotent: a language that has a digest made
    this month already gets no other.
    """
    mode = settings.NEWSLETTER_DIGEST
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if mode == "off" or not is_first_monday(today):
        return []
    month_start = timezone.make_aware(datetime.combine(today.replace(day=1), datetime.min.time()))
    made = []
    for language, _name in settings.LANGUAGES:
        if (
            Campaign.objects.digests()
            .filter(language=language, created_at__gte=month_start)
            .exists()
        ):
            continue
        campaign = digest_compose(language=language, now=now, digest_month=today.replace(day=1))
        if campaign is None:
            continue
        if mode == "send":
            campaign = campaign_schedule(campaign=campaign, at=now)
        made.append(campaign)
    return made

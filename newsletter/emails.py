"""
The emails a subscriber receives, built in their language and in the clinic's name.

Every email to a confirmed subscriber is built with ``subscriber_message()``: it carries the
one-click unsubscribe headers (RFC 8058) that Gmail and Yahoo require, and a visible link.
A campaign's email (``campaign_message()``) adds a mailto address to ``List-Unsubscribe``,
``Precedence: bulk`` and a Message-ID of our own, and has its CSS inlined (css-inline) so
that mail programs which drop ``<style>`` still show it as designed. No open or click
tracking: no pixel, no redirected links.
"""

import html
import re
import uuid
from email.utils import formataddr, make_msgid, parseaddr
from functools import cache
from urllib.parse import quote, unquote, urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation

from blog.models import Article
from clinic_site.models import Clinic
from newsletter.mail import bulk_esp_extra, bulk_from_email
from newsletter.models import Campaign, Subscriber
from newsletter.tokens import confirm_token_make, unsubscribe_token_make


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def subscriber_url(subscriber: Subscriber, name: str, *args) -> str:
    """
    A page of the subscriber's own, at its address in their language (``/de/newsletter/…``;
    the default language's has no prefix), whatever language the sender runs in.
    """
    with translation.override(subscriber.message_language):
        return absolute_url(reverse(name, args=args))


def confirm_url(subscriber: Subscriber, *, request_id: int) -> str:
    token = confirm_token_make(key=subscriber.key, request_id=request_id)
    return subscriber_url(subscriber, "newsletter:confirm", token)


def unsubscribe_url(subscriber: Subscriber, *, campaign_id: int | None = None) -> str:
    token = unsubscribe_token_make(key=subscriber.key, campaign_id=campaign_id)
    return subscriber_url(subscriber, "newsletter:unsubscribe", token)


def sender(clinic: Clinic) -> str:
    """The site's sending address, shown under the clinic's name."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((clinic.name, address or settings.DEFAULT_FROM_EMAIL))


def _message(*, subscriber, template, context, headers=None) -> EmailMultiAlternatives:
    clinic = Clinic.load()
    with translation.override(subscriber.message_language):
        context = {
            "clinic": clinic,
            "subscriber": subscriber,
            "site_url": settings.SITE_URL,
            "privacy_url": absolute_url(reverse("privacy")),
            **context,
        }
        subject = " ".join(
            render_to_string(f"email/newsletter/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"email/newsletter/{template}.txt", context)
        html = render_to_string(f"email/newsletter/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender(clinic),
        to=[subscriber.email],
        reply_to=[clinic.email] if clinic.email else None,
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(subscriber: Subscriber, *, request_id: int) -> EmailMultiAlternatives:
    """Sent before the address is confirmed: no unsubscribe headers, nothing to leave yet."""
    return _message(
        subscriber=subscriber,
        template="confirm",
        context={
            "confirm_url": confirm_url(subscriber, request_id=request_id),
            "max_age_days": max(1, settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400),
        },
    )


def subscriber_message(
    *, subscriber: Subscriber, template: str, context: dict | None = None
) -> EmailMultiAlternatives:
    """Any email to a confirmed subscriber, with the one-click unsubscribe headers."""
    url = unsubscribe_url(subscriber)
    return _message(
        subscriber=subscriber,
        template=template,
        context={"unsubscribe_url": url, **(context or {})},
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def welcome_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    return subscriber_message(subscriber=subscriber, template="welcome")


# --- Campaigns ----------------------------------------------------------------------------------

# A same-site address in the body (``/media/…``, ``/blog/…``), made absolute for the mail program.
_SITE_PATH = re.compile(r'(\s(?:src|href)=")(/(?!/))')
_BLOCK_END = re.compile(r"</(p|h[2-6]|li|tr|blockquote|pre|table)>|<br\s*/?>|<hr\s*/?>", re.I)
_LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S)
_IMAGE = re.compile(r"<img\s[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")


def unsubscribe_mailto() -> str:
    """The address of the mailto half of ``List-Unsubscribe``: a mailbox marketing reads."""
    address = settings.NEWSLETTER_UNSUBSCRIBE_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f"mailto:{address}?subject={quote('unsubscribe')}"


def absolute_body(body_html: str) -> str:
    return _SITE_PATH.sub(rf"\1{settings.SITE_URL}\2", body_html)


_SITE_LINK = re.compile(r'(\shref=")(/(?!/)[^"]*)(")')


def _page_in_language(path: str, language: str) -> str:
    """
    A page of the site at its address in ``language`` (``/blog/`` is ``/de/blog/``); an article
    is its published translation's, and stays the original when it has none. A path already in
    a language, or no page of the languages' patterns (media, feeds), is left as it is.
    """
    if translation.get_language_from_path(path):
        return path
    parsed = urlsplit(path)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(unquote(parsed.path))
        except Resolver404:
            return path
        if match.view_name == "blog:article":
            original = Article.objects.filter(
                slug=match.kwargs.get("slug"), language=settings.LANGUAGE_CODE
            ).first()
            if original is None:
                return path
            group = original.translation_of_id or original.pk
            version = (
                Article.objects.published()
                .filter(language=language)
                .filter(Q(pk=group) | Q(translation_of=group))
                .first()
            )
            return version.get_absolute_url() if version is not None else path
        return translate_url(path, language)


def localized_body(campaign: Campaign, language: str) -> str:
    """
    The campaign's body with its links to the site's pages at their addresses in
    ``language`` (the default language's have none), once per campaign and language.
    """
    cache = campaign.__dict__.setdefault("_localized_bodies", {})
    if language not in cache:
        body_html = campaign.body_html
        if language != settings.LANGUAGE_CODE:
            body_html = _SITE_LINK.sub(
                lambda m: (
                    f"{m.group(1)}{_page_in_language(html.unescape(m.group(2)), language)}"
                    f"{m.group(3)}".replace("&", "&amp;")
                ),
                body_html,
            )
        cache[language] = absolute_body(body_html)
    return cache[language]


def html_to_text(body_html: str) -> str:
    """The body as plain text: paragraphs on their own lines, links written out."""
    text = _IMAGE.sub("", body_html)
    text = _LINK.sub(
        lambda m: (
            m.group(2)
            if _TAG.sub("", m.group(2)).strip() == m.group(1)
            else f"{m.group(2)} ({m.group(1)})"
        ),
        text,
    )
    text = _BLOCK_END.sub("\n\n", text)
    text = re.sub(r"<li>", "- ", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@cache
def _inliner() -> css_inline.CSSInliner:
    return css_inline.CSSInliner(load_remote_stylesheets=False)


def sample_subscriber(campaign: Campaign, *, email: str, first_name: str = "") -> Subscriber:
    """
    The made-up recipient of a preview and of a test email: the campaign's language, the
    given name (else a sample one), a key no real subscriber has.
    """
    return Subscriber(
        key=uuid.UUID(int=0),
        email=email,
        first_name=first_name or "Alex",
        language=campaign.language,
        status=Subscriber.Status.SUBSCRIBED,
    )


def campaign_message(
    *, campaign: Campaign, subscriber: Subscriber, clinic: Clinic | None = None, connection=None
) -> EmailMultiAlternatives:
    """
    The campaign's email to one subscriber, exactly as sent: the admin's preview and its test
    email are built here too.
    """
    clinic = clinic or Clinic.load()
    url = unsubscribe_url(subscriber, campaign_id=campaign.pk)
    with translation.override(subscriber.message_language):
        body_html = localized_body(campaign, subscriber.message_language)
        context = {
            "campaign": campaign,
            "clinic": clinic,
            "subscriber": subscriber,
            "site_url": subscriber_url(subscriber, "home"),
            "privacy_url": subscriber_url(subscriber, "privacy"),
            "unsubscribe_url": url,
            "body_html": body_html,
            "body_text": html_to_text(body_html),
        }
        text = render_to_string("email/newsletter/campaign.txt", context)
        page = _inliner().inline(render_to_string("email/newsletter/campaign.html", context))
    message = EmailMultiAlternatives(
        subject=campaign.subject,
        body=text,
        from_email=bulk_from_email(),
        to=[subscriber.email],
        reply_to=[clinic.email] if clinic.email else None,
        headers={
            "List-Unsubscribe": f"<{url}>, <{unsubscribe_mailto()}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
            "Message-ID": make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost"),
        },
        connection=connection,
    )
    message.attach_alternative(page, "text/html")
    # Read by anymail's backends only (Postmark's broadcast stream); SMTP ignores it.
    esp_extra = bulk_esp_extra()
    if esp_extra:
        message.esp_extra = esp_extra
    return message


def message_html(message: EmailMultiAlternatives) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")

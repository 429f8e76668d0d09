"""
The emails a subscriber receives, built in their language and in the clinic's name.

Every email to a confirmed subscriber is built with ``subscriber_message()``: it carries the
one-click unsubscribe headers (RFC 8058) that Gmail and Yahoo require, and a visible link.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from clinic_site.models import Clinic
from newsletter.models import Subscriber
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


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = unsubscribe_token_make(key=subscriber.key)
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

"""
The newsletter's data, one module per idea: ``subscribers.py`` (the list, its segments, the
consent we can prove, imports), ``campaigns.py`` (what marketing sends, and one delivery
per campaign and subscriber) and ``mail_events.py`` (what the mail provider reports back).
"""

from newsletter.models.campaigns import Campaign, Delivery
from newsletter.models.mail_events import MailEvent
from newsletter.models.subscribers import (
    EMAIL_HASH_PREFIX,
    ConsentEvent,
    Subscriber,
    SubscriberImport,
    Tag,
    email_hash,
    key_fingerprint,
    normalize_language,
)

__all__ = [
    "EMAIL_HASH_PREFIX",
    "Campaign",
    "ConsentEvent",
    "Delivery",
    "MailEvent",
    "Subscriber",
    "SubscriberImport",
    "Tag",
    "email_hash",
    "key_fingerprint",
    "normalize_language",
]

"""
The newsletter's data, one module per idea: ``subscribers.py`` (the list, its segments, the
consent we can prove, imports) and ``campaigns.py`` (what marketing sends, and one delivery
per campaign and subscriber).
"""

from newsletter.models.campaigns import Campaign, Delivery
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
    "Subscriber",
    "SubscriberImport",
    "Tag",
    "email_hash",
    "key_fingerprint",
    "normalize_language",
]

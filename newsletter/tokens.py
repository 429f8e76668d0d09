"""
Signed tokens for the links in our emails. They carry the subscriber's random key, never the
email address.

- Confirmation tokens expire after ``NEWSLETTER_CONFIRM_MAX_AGE`` seconds and name the
  subscription request they answer, so a link sent before an unsubscribe can never subscribe
  the person again.
- Unsubscribe tokens never expire: an unsubscribe link must work in a years-old email.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class TokenInvalid(Exception):
    """The link was altered, or points at nobody."""


class TokenExpired(TokenInvalid):
    """An authentic confirmation link, too old to use. ``key`` tells whose it was."""

    def __init__(self, key: uuid.UUID):
        super().__init__("confirmation link expired")
        self.key = key


@dataclass(frozen=True)
class ConfirmToken:
    key: uuid.UUID
    request_id: int


def confirm_token_make(*, key: uuid.UUID, request_id: int) -> str:
    """``request_id``: the consent event of the subscription request this link confirms."""
    return signing.dumps([key.hex, request_id], salt=CONFIRM_SALT)


def confirm_token_read(token: str) -> ConfirmToken:
    try:
        key, request_id = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE
        )
        return ConfirmToken(key=uuid.UUID(hex=key), request_id=int(request_id))
    except signing.SignatureExpired:
        try:
            key, _request_id = signing.loads(token, salt=CONFIRM_SALT)
            raise TokenExpired(uuid.UUID(hex=key)) from None
        except (signing.BadSignature, TypeError, ValueError):
            raise TokenInvalid from None
    except (signing.BadSignature, TypeError, ValueError):
        raise TokenInvalid from None


@dataclass(frozen=True)
class UnsubscribeToken:
    key: uuid.UUID
    campaign_id: int | None = None


def unsubscribe_token_make(*, key: uuid.UUID, campaign_id: int | None = None) -> str:
    """
    ``campaign_id``: the campaign whose email carries the link, signed with the key so that
    the campaign's page can count the people who left from it.
    """
    value = key.hex if campaign_id is None else f"{key.hex}:{campaign_id}"
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(value)


def unsubscribe_token_parse(token: str) -> UnsubscribeToken:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        key, _sep, campaign_id = value.partition(":")
        return UnsubscribeToken(
            key=uuid.UUID(hex=key), campaign_id=int(campaign_id) if campaign_id else None
        )
    except (signing.BadSignature, TypeError, ValueError):
        raise TokenInvalid from None


def unsubscribe_token_read(token: str) -> uuid.UUID:
    return unsubscribe_token_parse(token).key

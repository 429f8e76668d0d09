"""
The rules an editor's input must follow beyond its type: a review date is not in the future, an
article's slug is not the address of another blog page, a doctor's profile links are web
addresses. Field validators, so the admin shows each error next to its field.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")


# Paths under /blog/ that are pages of their own, not articles.
RESERVED_ARTICLE_SLUGS = {"feed", "category"}


def validate_article_slug(value):
    if value in RESERVED_ARTICLE_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of another page; choose another slug."),
            params={"slug": value},
            code="reserved",
        )


def validate_profile_links(value):
    check = URLValidator(schemes=["https", "http"])
    for line in value.splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("“%(line)s” is not a web address."), params={"line": line}, code="invalid"
                ) from None

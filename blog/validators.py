"""
The rules an editor's input must follow beyond its type: a review date is not in the future, an
article's slug is not the address of another blog page, a doctor's profile links are web
addresses, and nothing in an article or a biography would be removed when it is published.
Field validators, so the admin shows each error next to its field.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.rendering import removed_content


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


def validate_publishable_markdown(value):
    """
    Refuse text the sanitizer would change behind the editor's back (another site's image, an
    embed, a script, an image with no description), naming each thing and why, so what is
    saved is what patients will see.
    """
    found = removed_content(value)
    if found:
        raise ValidationError(
            [
                ValidationError(
                    _("Some of this text would be removed when it is published:"),
                    code="removed_content",
                ),
                *(ValidationError(message, code="removed_content") for message in found),
            ]
        )

"""
First names we repeat in emails ("Hello Ayşe,"). Anyone can type any text into the subscribe
form with anyone's address, and the confirmation email carries it from the clinic's own
domain: a "name" like ``your results are ready: https://… Otherwise`` would be a phishing
line signed by the clinic. So a name is mailed only when it is a plain name: letters (any
script) with spaces, hyphens, apostrophes and an initial's full stop, at most 40 characters.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 40
NOT_PLAIN_MESSAGE = _(
    "Please enter just your first name (letters, spaces, hyphens and apostrophes; "
    "at most 40 characters)."
)
_JOINERS = set(" -'’.")
# A full stop only ends an initial ("Mary J."); "evil.example" is a link in most mail programs.
_DOT_INSIDE_A_WORD = re.compile(r"\.\S")


def is_plain_name(value: str) -> bool:
    if not value or len(value) > MAX_LENGTH or _DOT_INSIDE_A_WORD.search(value):
        return False
    return all(
        character in _JOINERS or unicodedata.category(character)[0] in {"L", "M"}
        for character in value
    )


def validate_plain_name(value: str) -> None:
    if value and not is_plain_name(value):
        raise ValidationError(NOT_PLAIN_MESSAGE, code="not_plain")


def mailable_name(value: str) -> str:
    """The name as an email may repeat it, or "" when it is not a plain name."""
    value = (value or "").strip()
    return value if is_plain_name(value) else ""

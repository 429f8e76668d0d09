"""
Text that a request carries into the database, made safe to store: no NUL or other control
character, no Unicode non-character. PostgreSQL refuses a NUL in text outright (a 500, and a
lost request); the others disguise text in the admin and break exports.

One function, ``strip_control_characters``, applied where such text comes in: every request
header (``StoredHeadersMiddleware``), every public form's posted text
(``ControlCharacterFreeForm``, the base of the spam-defended forms), the campaign tags and
addresses of the visit, from the query string or the visit cookie (``leads.attribution``), an
imported subscriber list, a search query and an article's Markdown.
"""

import re
import unicodedata

from django import forms

# Kept in multi-line text (a message); a single line gets a space instead.
LINE_CONTROLS = frozenset("\t\n\r")
# Kept among the invisible characters: emoji sequences and some scripts need it.
ZERO_WIDTH_JOINER = "\u200d"


def _is_control(char: str) -> bool:
    code = ord(char)
    return (
        code < 0x20  # C0 controls, NUL included
        or 0x7F <= code <= 0x9F  # DEL and the C1 controls
        or 0xFDD0 <= code <= 0xFDEF  # non-characters
        or (code & 0xFFFE) == 0xFFFE  # U+FFFE, U+FFFF and their twins in every plane
    )


# Every character ``_is_control`` finds, line controls included: text without any (nearly all
# text) is returned as it came, without a look at each character.
_CONTROL_OR_NON_CHARACTER = re.compile(
    "[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)


def _is_invisible(char: str) -> bool:
    """Invisible formatting (zero-width space, direction marks), surrogate, private use."""
    return unicodedata.category(char) in {"Cf", "Cs", "Co"} and char != ZERO_WIDTH_JOINER


def strip_control_characters(
    value: str, *, multiline: bool = False, invisible: bool = False
) -> str:
    """
    ``value`` without control characters and non-characters. Tabs and line breaks stay in
    ``multiline`` text; on a single line each becomes a space, so words never run together.
    With ``invisible``, invisible characters go too (``_is_invisible``): they can disguise a
    name in the admin or split a searched word.
    """
    if not value:
        return ""
    if not _CONTROL_OR_NON_CHARACTER.search(value) and (not invisible or value.isascii()):
        return value  # nothing to strip (no invisible character is ASCII)
    kept = []
    for char in value:
        if char in LINE_CONTROLS:
            kept.append(char if multiline else " ")
        elif not _is_control(char) and not (invisible and _is_invisible(char)):
            kept.append(char)
    return "".join(kept)


class StoredHeadersMiddleware:
    """
    Strips control characters from every request header before any view or library reads
    them: the site and its libraries store several (the browser, in call-back requests and
    consent records; the referrer, in a lead's attribution; the browser and Accept header, in
    the admin's login-attempt records), and no header has a use for a control character.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in request.META.items():
            if name.startswith("HTTP_") and isinstance(value, str):
                request.META[name] = strip_control_characters(value).strip()
        return self.get_response(request)


class ControlCharacterFreeForm(forms.Form):
    """
    Strips control characters from every text field's posted value before validation, so
    that what is saved, and what the page shows again after a mistake, is clean. A
    ``Textarea`` keeps its line breaks. An email address is left as typed: its validation
    refuses such an address with a message, and what is stored is exactly what is mailed.
    A form whose text is shown to staff sets ``strip_invisible_characters`` to drop invisible
    characters too.
    """

    strip_invisible_characters = False

    def full_clean(self):
        if self.is_bound:
            self.data = self._without_control_characters(self.data)
        super().full_clean()

    def _without_control_characters(self, data):
        data = data.copy()
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field, forms.EmailField):
                continue
            key = self.add_prefix(name)
            if key not in data:
                continue
            options = {
                "multiline": isinstance(field.widget, forms.Textarea),
                "invisible": self.strip_invisible_characters,
            }
            if hasattr(data, "setlist"):
                data.setlist(key, [_strip(value, **options) for value in data.getlist(key)])
            else:
                data[key] = _strip(data[key], **options)
        return data


def _strip(value, **options):
    return strip_control_characters(value, **options) if isinstance(value, str) else value


# --- Lists staff write in one text field ----------------------------------------------------

# A comma in the writing systems of the site's languages: Latin "," and Arabic "،".
_LIST_SEPARATOR = re.compile("[,\u060c]")


def text_lines(text: str | None) -> list[str]:
    """The non-empty lines of a "one per line" field, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def comma_list(text: str | None) -> list[str]:
    """The items of a comma-separated field, trimmed: "English, Türkçe" or "العربية، التركية"."""
    return [part.strip() for part in _LIST_SEPARATOR.split(text or "") if part.strip()]

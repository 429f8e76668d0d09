"""
Text that a request carries into the database, made safe to store: no NUL or other control
character, no Unicode non-character. PostgreSQL refuses a NUL in text outright (a 500, and a
lost request); the others disguise text in the admin and break exports.

One function, ``strip_control_characters``, applied where such text comes in: every public
form's posted text (``ControlCharacterFreeForm``, the base of the spam-defended forms), the
request headers that are stored (``StoredHeadersMiddleware``), and the campaign tags and
addresses of the visit, from the query string or the visit cookie (``leads.attribution``).
"""

from django import forms

# Kept in multi-line text (a message); a single line gets a space instead.
LINE_CONTROLS = frozenset("\t\n\r")


def _is_control(char: str) -> bool:
    code = ord(char)
    return (
        code < 0x20  # C0 controls, NUL included
        or 0x7F <= code <= 0x9F  # DEL and the C1 controls
        or 0xFDD0 <= code <= 0xFDEF  # non-characters
        or (code & 0xFFFE) == 0xFFFE  # U+FFFE, U+FFFF and their twins in every plane
    )


def strip_control_characters(value: str, *, multiline: bool = False) -> str:
    """
    ``value`` without control characters and non-characters. Tabs and line breaks stay in
    ``multiline`` text; on a single line each becomes a space, so words never run together.
    """
    if not value:
        return ""
    kept = []
    for char in value:
        if char in LINE_CONTROLS:
            kept.append(char if multiline else " ")
        elif not _is_control(char):
            kept.append(char)
    return "".join(kept)


class StoredHeadersMiddleware:
    """
    Strips control characters from the request headers the site stores (the browser, in call-back
    requests, consent records and the admin's login-attempt records; the referrer, in a lead's
    attribution), before any view or library reads them.
    """

    headers = ("HTTP_USER_AGENT", "HTTP_REFERER")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in self.headers:
            if name in request.META:
                request.META[name] = strip_control_characters(request.META[name]).strip()
        return self.get_response(request)


class ControlCharacterFreeForm(forms.Form):
    """
    Strips control characters from every text field's posted value before validation, so
    that what is saved, and what the page shows again after a mistake, is clean. A
    ``Textarea`` keeps its line breaks. An email address is left as typed: its validation
    refuses such an address with a message, and what is stored is exactly what is mailed.
    """

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
            multiline = isinstance(field.widget, forms.Textarea)
            if key not in data:
                continue
            if hasattr(data, "setlist"):
                values = data.getlist(key)
                data.setlist(key, [_strip(value, multiline=multiline) for value in values])
            else:
                data[key] = _strip(data[key], multiline=multiline)
        return data


def _strip(value, *, multiline: bool):
    return strip_control_characters(value, multiline=multiline) if isinstance(value, str) else value

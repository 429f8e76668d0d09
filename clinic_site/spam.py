"""
Spam defences of the public forms (call-back request, newsletter), beside Django's CSRF check
and the rate limits (``clinic_site.ratelimits``): a honeypot field and a signed time stamp.

A form that fails either is *suspect*, not rejected: the app decides what to do (the call-back
form saves it for review as spam; the newsletter sends nothing). Only the honeypot is certain:
a person's browser can autofill a form and send it within the time trap's seconds, so a form
that trips only the time trap (``needs_confirmation``) is shown again (``for_confirmation``)
with a confirmation token, and the form sent back from there passes the time trap.

The token vouches for one press of the button on that page, nothing more: it is signed for
that form class only, over a digest of what the page shows (phone as E.164, name, message,
consent, treatment...), lives ``CONFIRMATION_MAX_AGE`` and is used once (its nonce is
remembered in the cache). A form sent with a token that does not match (the patient corrected
something on the page, or a script replays the token for other details) is judged by the time
stamp the page carried instead, as any form is.
"""

import hashlib
import json
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic_site.form_renderer import widget_renderer
from clinic_site.page_cache import STAMP_SALT, FormStamp
from clinic_site.text import ControlCharacterFreeForm

HONEYPOT = "HONEYPOT"
TOO_FAST = "TOO_FAST"
NO_TIMESTAMP = "NO_TIMESTAMP"
# What the time trap finds: a person may well have sent it.
TIME_TRAP = frozenset({TOO_FAST, NO_TIMESTAMP})
# How long the confirmation token of a form shown again to send is good for: time to read the
# page and press its button. A patient who comes back later still has the page's time stamp.
CONFIRMATION_MAX_AGE = 30 * 60

SUSPICION_LABELS = {
    HONEYPOT: _("hidden field filled in"),
    TOO_FAST: _("sent faster than a person types"),
    NO_TIMESTAMP: _("form time stamp missing or altered"),
}


class HoneypotInput(forms.TextInput):
    """
    A text box people never see. Render its field inside an element with the ``form-trap``
    class (crispy: ``Field("website", wrapper_class="form-trap")``): the stylesheet hides it
    with ``display: none``, which also takes it out of the tab order and the accessibility tree.
    """

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "tabindex": "-1", **(attrs or {})})


class SpamDefenceForm(ControlCharacterFreeForm):
    """
    Adds the honeypot (``website``) and the signed time stamp (``form_started``) to a form
    whose posted text is stripped of control characters (``ControlCharacterFreeForm``).
    After ``is_valid()``, ``suspicions`` lists what looked automated (empty for a person).
    The time trap's threshold is the setting named by ``min_fill_seconds_setting``, read at
    check time; 0 switches the time trap off (the honeypot still works).

    ``confirming=True`` marks the copy built by ``for_confirmation`` to show the patient: its
    page says so and its button reads "Send my request" (or the form's own words for it).
    """

    min_fill_seconds_setting = "LEADS_MIN_FILL_SECONDS"
    # The public forms are drawn for every visitor the page cache has not served yet.
    default_renderer = widget_renderer
    # The module's former name, kept: another salt would make every form open in a browser
    # during a release look forged.
    timestamp_salt = STAMP_SALT
    # Joined with the form class: a token that one form gave is worth nothing to another.
    confirmation_salt = "clinic_site.spam.form_confirmed"
    # Not the content the confirmation token vouches for.
    defence_fields = frozenset({"website", "form_started", "form_confirmed"})

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=HoneypotInput
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)
    # Set only on a form shown again after the time trap: the person has seen it and sends it.
    form_confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __new__(cls, *args, **kwargs):
        form = super().__new__(cls)
        # What a subclass is built with too (the newsletter form's clinic name, the footer box's
        # ids), to build the same form again, bound to other data (``for_confirmation``).
        form._rebuild_kwargs = {
            key: value
            for key, value in kwargs.items()
            if key not in {"data", "files", "initial", "confirming"}
        }
        return form

    def __init__(self, *args, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirming = confirming
        self.suspicions = []
        if not self.is_bound:
            self.initial["form_started"] = self._time_stamp()

    def clean(self):
        cleaned = super().clean()
        if not self.confirming:  # the copy shown again is for reading, not judged again
            self.suspicions = self._suspicions(cleaned)
        return cleaned

    def _suspicions(self, cleaned):
        found = []
        if cleaned.get("website"):
            found.append(HONEYPOT)
        min_seconds = getattr(settings, self.min_fill_seconds_setting, 3)
        if min_seconds <= 0:
            return found  # the time trap is switched off
        if self._is_confirmed(cleaned):
            return found  # sent from the page that showed it again: a person pressed send
        try:
            started = signing.loads(cleaned.get("form_started") or "", salt=self.timestamp_salt)
        except (signing.BadSignature, ValueError):
            found.append(NO_TIMESTAMP)
        else:
            if not isinstance(started, int | float) or time.time() - started < min_seconds:
                found.append(TOO_FAST)
        return found

    def _is_confirmed(self, cleaned) -> bool:
        """A valid token, for this form and exactly this content, not used before."""
        if self._errors:
            return False  # the content is not all there to compare
        try:
            token = signing.loads(
                cleaned.get("form_confirmed") or "",
                salt=self._confirmation_salt(),
                max_age=CONFIRMATION_MAX_AGE,
            )
        except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
            return False
        if not isinstance(token, dict) or token.get("content") != self._content_digest(cleaned):
            return False
        return _first_use(str(token.get("nonce")))

    @classmethod
    def _confirmation_salt(cls) -> str:
        return f"{cls.confirmation_salt}:{cls.__module__}.{cls.__qualname__}"

    def _content_digest(self, cleaned) -> str:
        content = {
            name: _comparable(value)
            for name, value in cleaned.items()
            if name not in self.defence_fields
        }
        serialized = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(serialized.encode()).hexdigest()

    def _time_stamp(self) -> str:
        # Signed as the response leaves, so a page shared by every visitor still measures from
        # the moment this visitor received it (clinic_site.page_cache).
        return FormStamp.value()

    @property
    def is_suspect(self):
        return bool(self.suspicions)

    @property
    def needs_confirmation(self) -> bool:
        """Only the time trap found something: ask the person to send it once more."""
        return bool(self.suspicions) and set(self.suspicions) <= TIME_TRAP

    def confirmation_data(self):
        """
        The posted data again, with a fresh time stamp and a confirmation token for exactly
        what was typed: bound to a new form, it renders what was typed, ready to post. Call
        it on a valid form.
        """
        data = self.data.copy()
        token = {
            "content": self._content_digest(self.cleaned_data),
            "nonce": secrets.token_urlsafe(16),
        }
        data[self.add_prefix("form_started")] = self._time_stamp()
        data[self.add_prefix("form_confirmed")] = signing.dumps(
            token, salt=self._confirmation_salt()
        )
        return data

    def for_confirmation(self):
        """
        This form once more, as the person typed it, to send with one press: for a form that
        tripped only the time trap (``needs_confirmation``).
        """
        return type(self)(self.confirmation_data(), confirming=True, **self._rebuild_kwargs)


def _comparable(value):
    """A cleaned value as the confirmation digest compares it."""
    if isinstance(value, models.Model):
        return value.pk
    e164 = getattr(value, "as_e164", None)  # a phone number, however it was typed
    if e164 is not None:
        return e164
    if isinstance(value, list | tuple | models.QuerySet):
        return [_comparable(item) for item in value]
    return value


def _first_use(nonce: str) -> bool:
    """
    Whether this confirmation token is used for the first time. Remembered in the cache; with
    the cache unreachable the answer is yes (it fails open, like the rate limits): the token is
    still bound to its form, its content and its half hour.
    """
    key = f"spam:form-confirmed:{nonce}"
    if cache.add(key, True, timeout=CONFIRMATION_MAX_AGE + 60):
        return True
    # Not added: used already, or the cache did not answer (then it holds nothing either).
    return cache.get(key) is None

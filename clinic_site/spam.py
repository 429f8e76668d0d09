"""
Spam defences of the public forms (call-back request, newsletter), beside Django's CSRF check
and the rate limits (``clinic_site.ratelimits``): a honeypot field and a signed time stamp.

A form that fails either is *suspect*, not rejected: the app decides what to do (the call-back
form saves it for review as spam; the newsletter sends nothing). Only the honeypot is certain:
a person's browser can autofill a form and send it within the time trap's seconds, so a form
that trips only the time trap (``needs_confirmation``) can be shown again with
``confirmation_data``, and a form sent back from there passes the time trap.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from clinic_site.text import ControlCharacterFreeForm

HONEYPOT = "HONEYPOT"
TOO_FAST = "TOO_FAST"
NO_TIMESTAMP = "NO_TIMESTAMP"
# What the time trap finds: a person may well have sent it.
TIME_TRAP = frozenset({TOO_FAST, NO_TIMESTAMP})
# How long a form shown again to send stays good for one press of its button.
CONFIRMATION_MAX_AGE = 24 * 60 * 60

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
    """

    min_fill_seconds_setting = "LEADS_MIN_FILL_SECONDS"
    # The module's former name, kept: another salt would make every form open in a browser
    # during a release look forged.
    timestamp_salt = "clinic_site.defences.form_started"
    confirmation_salt = "clinic_site.spam.form_confirmed"

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=HoneypotInput
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)
    # Set only on a form shown again after the time trap: the person has seen it and sends it.
    form_confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suspicions = []
        if not self.is_bound:
            self.initial["form_started"] = signing.dumps(time.time(), salt=self.timestamp_salt)

    def clean(self):
        cleaned = super().clean()
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
        try:
            signing.loads(
                cleaned.get("form_confirmed") or "",
                salt=self.confirmation_salt,
                max_age=CONFIRMATION_MAX_AGE,
            )
        except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
            return False
        return True

    @property
    def is_suspect(self):
        return bool(self.suspicions)

    @property
    def needs_confirmation(self) -> bool:
        """Only the time trap found something: ask the person to send it once more."""
        return bool(self.suspicions) and set(self.suspicions) <= TIME_TRAP

    def confirmation_data(self):
        """
        The posted data again, with a fresh time stamp and the signed mark of a form shown
        again to send: bound to a new form, it renders what was typed, ready to post.
        """
        data = self.data.copy()
        now = time.time()
        data[self.add_prefix("form_started")] = signing.dumps(now, salt=self.timestamp_salt)
        data[self.add_prefix("form_confirmed")] = signing.dumps(now, salt=self.confirmation_salt)
        return data

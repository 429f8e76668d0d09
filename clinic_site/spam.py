"""
Spam defences of the public forms (call-back request, newsletter), beside Django's CSRF check
and the rate limits (``clinic_site.ratelimits``): a honeypot field and a signed time stamp.

A form that fails either is *suspect*, not rejected: the app decides what to do (the call-back
form saves it for review as spam; the newsletter sends nothing).
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

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=HoneypotInput
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

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
        try:
            started = signing.loads(cleaned.get("form_started") or "", salt=self.timestamp_salt)
        except (signing.BadSignature, ValueError):
            found.append(NO_TIMESTAMP)
        else:
            if not isinstance(started, int | float) or time.time() - started < min_seconds:
                found.append(TOO_FAST)
        return found

    @property
    def is_suspect(self):
        return bool(self.suspicions)

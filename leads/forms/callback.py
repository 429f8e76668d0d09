"""The call-back form: three required fields, a few optional ones, and the spam defences."""

from django import forms
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from clinic.models import Treatment
from clinic_site.models import Clinic
from clinic_site.spam import SpamDefenceForm
from leads.attribution import URL_MAX_LENGTH
from leads.consent import consent_label
from leads.models import Lead

MESSAGE_MAX_LENGTH = 1000


def clean_text(value: str, *, multiline: bool = False) -> str:
    """
    Runs of spaces as one, none at either end; a ``multiline`` text keeps its line breaks.
    Control and invisible characters are gone already: the form strips them from what was
    posted (``strip_invisible_characters``).
    """
    if multiline:
        return "\n".join(line.rstrip() for line in value.replace("\r", "").split("\n")).strip()
    return " ".join(value.split())


class CallbackForm(SpamDefenceForm):
    # Coordinators read the name and message: nothing invisible may disguise them.
    strip_invisible_characters = True

    name = forms.CharField(
        label=_("Your name"),
        max_length=Lead._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}),
    )
    phone = PhoneNumberField(
        label=_("Phone number"),
        help_text=_("Any format. A number from another country needs its code, e.g. +44."),
        error_messages={
            "required": _("Please enter the number we should call."),
            "invalid": _(
                "This does not look like a phone number we can call. Please check it; "
                "a number from another country needs its code, e.g. +44."
            ),
        },
    )
    preferred_time = forms.ChoiceField(
        label=_("Best time to call"),
        choices=Lead.PreferredTime.choices,
        initial=Lead.PreferredTime.ASAP,
        required=False,
    )
    interest = forms.ModelChoiceField(
        label=_("Treatment you are interested in"),
        queryset=Treatment.objects.active(),
        empty_label=_("Not sure yet"),
        required=False,
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    whatsapp_ok = forms.BooleanField(
        label=_("You may contact me on WhatsApp at this number"), required=False
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree so that we may call you.")},
    )
    source_url = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "name",
        "phone",
        "preferred_time",
        "interest",
        "message",
        "whatsapp_ok",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        phone = self.fields["phone"]
        # Read per form, so a change of PHONENUMBER_DEFAULT_REGION needs no restart of imports.
        phone.region = settings.PHONENUMBER_DEFAULT_REGION
        phone.widget.region = settings.PHONENUMBER_DEFAULT_REGION
        phone.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["consent"].label = consent_label(clinic_name=Clinic.load().name)

    @property
    def error_summary(self):
        """(field id, short label, message) for each error, for the list above the form."""
        short_labels = {"consent": _("Consent")}
        return [
            (field.id_for_label, short_labels.get(field.name, field.label), error)
            for field in self.visible_fields()
            for error in field.errors
        ]

    @property
    def consent_text(self) -> str:
        """The consent exactly as the patient read it, as plain text."""
        return strip_tags(str(self.fields["consent"].label))

    def full_clean(self):
        super().full_clean()
        if self._errors:
            # Without JavaScript, the browser puts the cursor in the first field to fix.
            first = next((name for name in self.fields if name in self._errors), None)
            if first and not self.fields[first].widget.is_hidden:
                self.fields[first].widget.attrs["autofocus"] = True

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not any(char.isalpha() for char in name):
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_message(self):
        return clean_text(self.cleaned_data["message"], multiline=True)

    def clean_preferred_time(self):
        return self.cleaned_data["preferred_time"] or Lead.PreferredTime.ASAP

    def clean_source_url(self):
        # Whether it is one of this site's pages depends on the request: see
        # ``leads.attribution.lead_attribution``.
        return clean_text(self.cleaned_data["source_url"])[: URL_MAX_LENGTH * 4]

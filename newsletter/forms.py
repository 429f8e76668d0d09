from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from clinic_site.same_site import is_same_site_path
from clinic_site.spam import SpamDefenceForm
from newsletter.addresses import normalize_email, validate_mailable_email
from newsletter.consent import consent_text
from newsletter.names import MAX_LENGTH as MAX_NAME_LENGTH
from newsletter.names import NOT_PLAIN_MESSAGE, validate_plain_name


class SubscribeForm(SpamDefenceForm):
    """
    The subscribe box in every page's footer. ``consent`` is never ticked in advance; its
    label is the exact text recorded with the consent.
    """

    # Double opt-in is the real gate, so the time trap is off unless this setting turns it on.
    min_fill_seconds_setting = "NEWSLETTER_MIN_FILL_SECONDS"

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address, like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Please tick the box to agree, or we cannot send you the newsletter.")
        },
    )
    source_url = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    field_order = ["first_name", "email", "consent"]

    def __init__(self, *args, clinic_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text(clinic_name=clinic_name)
        self.fields["consent"].label = self.consent_text
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("privacy"), _("How we use your email address")
        )

    def clean_email(self):
        """The address as it will be stored and mailed, or a message if it cannot be mailed."""
        email = normalize_email(self.cleaned_data["email"])
        validate_mailable_email(email)
        return email

    def clean_source_url(self):
        """Only a page of this site: a path, never another site's address."""
        path = self.cleaned_data.get("source_url", "").strip()
        return path if is_same_site_path(path) else ""


class SubscribePageForm(SubscribeForm):
    """The full subscribe page: the footer's fields and an optional first name."""

    first_name = forms.CharField(
        label=_("First name (optional)"),
        required=False,
        max_length=MAX_NAME_LENGTH,
        validators=[validate_plain_name],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"max_length": NOT_PLAIN_MESSAGE},
    )

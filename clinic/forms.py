"""
The forms of the reviews page: the filter of the list (treatment, language) and the patient's
review, with the call-back form's spam defences (honeypot, time trap; CSRF and the rate limit
are the view's).
"""

import re
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.countries import country_choices
from clinic.models import Review
from clinic_site.languages import language_name
from clinic_site.spam import SpamDefenceForm
from leads.forms import clean_text

TEXT_MIN_LENGTH = 20
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def treatment_choices(treatments, *, empty_label):
    return [("", empty_label), *((treatment.slug, treatment.name) for treatment in treatments)]


class ReviewFilterForm(forms.Form):
    """``?treatment=<slug>&language=<code>``: either, both or neither."""

    treatment = forms.ChoiceField(label=_("Treatment"), required=False)
    language = forms.ChoiceField(label=_("Language of the review"), required=False)

    def __init__(self, *args, treatments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treatment"].choices = treatment_choices(
            treatments, empty_label=_("All treatments")
        )
        self.fields["language"].choices = [
            ("", _("All languages")),
            *((code, language_name(code)) for code, _name in settings.LANGUAGES),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        """What to filter the reviews by: nothing for a value that is no choice."""
        if not self.is_valid():
            return {}
        chosen = {
            "treatment__slug": self.cleaned_data["treatment"],
            "language": self.cleaned_data["language"],
        }
        return {lookup: value for lookup, value in chosen.items() if value}


class ReviewForm(SpamDefenceForm):
    """A patient's review. Saved unpublished: staff read it before anyone else does."""

    # Staff read the text before publishing it: nothing invisible may disguise it.
    strip_invisible_characters = True

    first_name = forms.CharField(
        label=_("First name"),
        max_length=Review._meta.get_field("first_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "autocapitalize": "words"}),
        error_messages={"required": _("Please enter your first name.")},
    )
    last_initial = forms.CharField(
        label=_("Initial of your last name (optional)"),
        max_length=1,
        required=False,
        widget=forms.TextInput(attrs={"size": 2, "autocapitalize": "characters"}),
        error_messages={"max_length": _("Only the first letter of your last name, please.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Only for our questions about your review; never shown, erased once read."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address, like name@example.com."),
        },
    )
    country = forms.ChoiceField(label=_("Country (optional)"), required=False)
    treatment = forms.ChoiceField(label=_("Treatment"), required=False)
    procedure_month = forms.CharField(
        label=_("Month of your procedure (optional)"),
        required=False,
        max_length=7,
        help_text=_("Year and month, e.g. 2026-03."),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"}),
    )
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a rating from 1 to 5 stars.")},
    )
    text = forms.CharField(
        label=_("Your review"),
        max_length=Review._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please write a few words about your experience.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the clinic may publish my review on this website with my first name, "
            "the initial of my last name and my country."
        ),
        error_messages={"required": _("Please agree, or we cannot publish your review.")},
    )

    # The page also carries the call-back form, whose fields have the same names.
    prefix = "review"

    def __init__(self, *args, treatments, **kwargs):
        super().__init__(*args, **kwargs)
        self.treatments = {treatment.slug: treatment for treatment in treatments}
        self.fields["treatment"].choices = treatment_choices(
            treatments, empty_label=_("Other, or more than one")
        )
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["rating"].choices = [
            (5, _("5 stars, excellent")),
            (4, _("4 stars, good")),
            (3, _("3 stars, fair")),
            (2, _("2 stars, poor")),
            (1, _("1 star, very poor")),
        ]
        self.helper = self._helper()

    def _helper(self):
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True  # posts are checked by origin (clinic_site/csrf.py)
        helper.layout = Layout(
            Div(
                Field("first_name", wrapper_class="col-sm-8"),
                Field("last_initial", wrapper_class="col-sm-4"),
                css_class="row",
            ),
            "email",
            Div(
                Field("country", wrapper_class="col-sm-6"),
                Field("treatment", wrapper_class="col-sm-6"),
                css_class="row",
            ),
            "procedure_month",
            "rating",
            "text",
            "consent",
            Field("website", wrapper_class="form-trap"),
            "form_started",
            "form_confirmed",
            Submit("send", _("Send my review"), css_class="btn-lg"),
        )
        return helper

    @property
    def error_summary(self):
        """(field id, label, message) for each error, for the list above the form."""
        return [
            (field.id_for_label or f"{field.auto_id}_0", field.label, error)
            for field in self.visible_fields()
            for error in field.errors
        ]

    def clean_first_name(self):
        name = clean_text(self.cleaned_data["first_name"])
        if not any(char.isalpha() for char in name):
            raise forms.ValidationError(_("Please enter your first name."), code="required")
        return name

    def clean_last_initial(self):
        initial = self.cleaned_data["last_initial"].strip()
        if initial and not initial.isalpha():
            raise forms.ValidationError(_("Only the first letter of your last name, please."))
        return initial.upper()

    def clean_treatment(self):
        return self.treatments.get(self.cleaned_data["treatment"])

    def clean_procedure_month(self) -> date | None:
        value = self.cleaned_data["procedure_month"]
        if not value:
            return None
        match = _MONTH.match(value)
        month = None
        if match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) >= 1950:
            month = date(int(match.group(1)), int(match.group(2)), 1)
        if month is None:
            raise forms.ValidationError(_("Please write the year and month, e.g. 2026-03."))
        if month > timezone.localdate():
            raise forms.ValidationError(_("The month of your procedure cannot be in the future."))
        return month

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"], multiline=True)
        if len(text) < TEXT_MIN_LENGTH:
            raise forms.ValidationError(
                _("Please write a little more: at least %(count)d characters.")
                % {"count": TEXT_MIN_LENGTH}
            )
        return text

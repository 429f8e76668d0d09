"""The public forms of leads: the call-back request and the free assessment."""

from leads.forms.assessment import AssessmentForm
from leads.forms.callback import MESSAGE_MAX_LENGTH, CallbackForm, clean_text

__all__ = ["MESSAGE_MAX_LENGTH", "AssessmentForm", "CallbackForm", "clean_text"]

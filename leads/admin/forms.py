"""
The forms of the triage admin: one request's editable work, and "assign to…". Both offer the
coordinators (``staff_in(CALL_CENTRE)``) and superusers as owners, by name.
"""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from clinic_site.roles import CALL_CENTRE, staff_in
from leads.admin.display import staff_name
from leads.models import Lead


def owner_choices(*, current=None):
    """
    Who can be given a request, by name: the coordinators, active superusers, and whoever
    holds it now (someone who has since left the call centre keeps it until it is passed on).
    """
    owners = Q(pk__in=staff_in(CALL_CENTRE).values("pk")) | Q(is_superuser=True, is_active=True)
    if current is not None:
        owners |= Q(pk=current)
    return get_user_model().objects.filter(owners).order_by("first_name", "username")


class LeadChangeForm(forms.ModelForm):
    """
    Setting a spam or closed request back to an open status is how staff rescue a real patient,
    but a phone has one open request at most: if it has another, say so next to the status,
    with a link to that request, instead of letting the database refuse the save.
    """

    # The next follow-up in one click, counted from the save; else a date and time below it.
    FOLLOW_UP_IN = {"1h": timedelta(hours=1), "3h": timedelta(hours=3), "1d": timedelta(days=1)}
    follow_up_in = forms.ChoiceField(
        label=_("Call again"),
        choices=[
            ("", _("as set below")),
            ("1h", _("in an hour")),
            ("3h", _("in 3 hours")),
            ("1d", _("tomorrow at this time")),
        ],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "desk-choices"}),
    )

    class Meta:
        model = Lead
        fields = ["status", "owner", "next_follow_up_at"]

    def clean(self):
        cleaned_data = super().clean()
        later = self.FOLLOW_UP_IN.get(cleaned_data.get("follow_up_in") or "")
        if later is not None:
            cleaned_data["next_follow_up_at"] = timezone.now() + later
        return cleaned_data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"].queryset = owner_choices(current=self.instance.owner_id)
            self.fields["owner"].label_from_instance = staff_name

    def clean_status(self):
        status = self.cleaned_data["status"]
        lead = self.instance
        if status not in Lead.OPEN_STATUSES or lead.pk is None or not lead.phone:
            return status
        other = Lead.objects.open().for_phone(lead.phone).exclude(pk=lead.pk).first()
        if other is not None:
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "This phone number already has an open request: work that one instead,"
                        " or close it first."
                    ),
                    other.get_admin_url(),
                    _("Open request from %(when)s (%(status)s)")
                    % {
                        "when": f"{timezone.localtime(other.created_at):%Y-%m-%d %H:%M}",
                        "status": other.get_status_display(),
                    },
                ),
                code="phone_has_open_request",
            )
        return status


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Give them to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody (unassign)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices()
        self.fields["owner"].label_from_instance = staff_name

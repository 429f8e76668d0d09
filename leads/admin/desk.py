"""
One request's page as a coordinator works it, at 1280x800 without scrolling: who the patient
is (and their time of day now), what they want, the SLA clock, and the "log a call" form with
the status change it implies; "Save and open the next request" moves on in the coordinator's
own queue order (``LeadQuerySet.in_coordinator_order``). Attribution, consent and history stay
below, folded.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinic_site.languages import language_name
from leads.local_time import patient_local_time_label
from leads.models import COORDINATOR_ORDERING, CallAttempt, Lead
from leads.services import triage

SAVE_NEXT = "_save_next"


def implied_status_change(lead: Lead, attempts) -> list[str]:
    """What logging a call will do to the request, in the coordinator's words."""
    said = []
    if lead.status == Lead.Status.NEW:
        said.append(_("Reached: the request moves to Contacted. Another outcome keeps it New."))
    else:
        said.append(
            _("The status stays %(status)s unless you change it here.")
            % {"status": lead.get_status_display()}
        )
    if lead.first_contact_at is None and lead.is_open:
        said.append(_("Any call stops the SLA clock."))
    if lead.is_open:
        unanswered = triage.unanswered_in_a_row(attempts)
        limit = settings.LEADS_MAX_ATTEMPTS
        said.append(
            ngettext(
                "%(count)d unanswered call in a row so far; after %(limit)d it can be marked "
                "unreachable.",
                "%(count)d unanswered calls in a row so far; after %(limit)d it can be marked "
                "unreachable.",
                unanswered,
            )
            % {"count": unanswered, "limit": limit}
        )
    return said


class CallDeskMixin:
    """For ``LeadAdmin``: the desk at the top of one request's page, and save-and-next."""

    def call_desk_context(self, request, lead):
        """
        The desk's content, from the very request the page's fields are drawn from: its calls
        and photos are read once here and the read-only fields below reuse them.
        """
        if lead is None:
            return {}
        prefetch_related_objects(
            [lead],
            Prefetch("call_attempts", queryset=CallAttempt.objects.select_related("made_by")),
            *(["photos"] if lead.is_assessment else []),
        )
        attempts = list(lead.call_attempts.all())
        return {
            "desk": {
                "phone": self.phone_links(lead),
                "sla": self.waiting(lead),
                "language": language_name(lead.language) if lead.language else "",
                "local_time": patient_local_time_label(lead.country, now=timezone.now()),
                "photos": list(lead.photos.all()) if lead.is_assessment else [],
                "attempts": attempts,
                "implies": implied_status_change(lead, attempts),
                "save_next": SAVE_NEXT,
            },
            "offer_unreachable": self.has_change_permission(request, lead)
            and triage.is_offered_as_unreachable(lead, attempts),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The call log's new row is drawn in the desk; the other inlines stay where they are.
        formsets = context.get("inline_admin_formsets", [])
        context["call_formset"] = next(
            (each for each in formsets if each.formset.prefix == "call_attempts"), None
        )
        context["other_inline_admin_formsets"] = [
            each for each in formsets if each is not context["call_formset"]
        ]
        if context["call_formset"] is not None and context.get("errors"):
            # Focus stays where the errors are read from, not on the first outcome.
            for form in context["call_formset"].formset.forms:
                form.fields["outcome"].widget.autofocus = False
        if change and obj is not None:
            context.update(self.call_desk_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def next_request(self, request, lead):
        """
        The first request of ``request.user``'s queue after ``lead``: what to call next. Never
        one a colleague has claimed, even when nothing else is left in the queue.
        """
        return (
            self.get_queryset(request)
            .free_or_held_by(request.user)
            .open()
            .not_anonymized()
            .exclude(pk=lead.pk)
            .order_by(*COORDINATOR_ORDERING)
            .first()
        )

    def response_save_next(self, request, lead):
        following = self.next_request(request, lead)
        if following is None:
            self.message_user(
                request,
                _("%(name)s was saved. Nothing else is waiting in your queue.")
                % {"name": lead.name},
                messages.SUCCESS,
            )
            return redirect("admin:leads_lead_changelist")
        self.message_user(
            request,
            _("%(name)s was saved. Next: %(next)s.") % {"name": lead.name, "next": following.name},
            messages.SUCCESS,
        )
        return redirect(following.get_admin_url())

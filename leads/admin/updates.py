"""
New requests while the queue is open: a small JSON answer the queue's script
(``static/leads/queue-updates.js``) asks for every half minute, so a coordinator sees
"(3) Call-back queue" in the tab's title and a notice without reloading the page, and how
many requests waiting for a first call are past their SLA ("1 past its SLA") in both.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinic_site.models import Clinic
from leads.models import WAITING, Lead
from leads.sla import SlaClock

# How often the queue's script asks, in seconds (the page tells the script).
POLL_SECONDS = 30


def updates_since(value: str | None) -> datetime | None:
    """The moment the queue was drawn, as the page gave it to the script; None if unreadable."""
    try:
        moment = parse_datetime(value or "")
    except ValueError:
        # Well formed but impossible (``2026-02-30T10:00``): as unreadable as any other typo.
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class QueueUpdatesMixin:
    """For ``LeadAdmin``: the queue's updates (its address is in ``LeadAdmin.get_urls``)."""

    def queue_updates_context(self, request):
        return {"updates_since": timezone.now().isoformat(), "updates_every": POLL_SECONDS}

    def updates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        since = updates_since(request.GET.get("since"))
        if since is None:
            return JsonResponse({"error": "since: an ISO 8601 time is expected"}, status=400)
        clock = SlaClock.for_clinic(Clinic.load(), now=timezone.now())
        leads = Lead.objects.filter(WAITING)
        if not self.has_change_permission(request):
            # A doctor's queue holds assessments only: so does their count.
            leads = leads.assessments()
        counts = leads.aggregate(
            new=Count("pk", filter=Q(created_at__gt=since)),
            breached=Count("pk", filter=Q(created_at__lte=clock.breached_if_received_by)),
        )
        new, breached = counts["new"], counts["breached"]
        # The script has no catalogue of its own: its words come translated from here.
        return JsonResponse(
            {
                "new": new,
                "breached": breached,
                "notice": ngettext("%(count)d new request", "%(count)d new requests", new)
                % {"count": new},
                "breached_notice": ngettext(
                    "%(count)d past its SLA", "%(count)d past their SLA", breached
                )
                % {"count": breached},
                "show": _("show"),
            }
        )

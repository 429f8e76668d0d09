"""
How the triage admin shows a request: the queue's cells and the read-only details of one request.

The queue must fit a 1280 px screen with the sidebar and filters open, every row on one or two
lines, so what belongs together shares a cell: the patient (name, language, country; phone,
WhatsApp), what they want (kind, interest; preferred time) and where the request stands
(status; calls so far, coordinator). Claim has a column of its own.
Every value here is read from the row itself or from what the queue's one query brought along.
"""

from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.admin.utils import display_for_value
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clinic_site.languages import language_name
from clinic_site.models import Clinic
from clinic_site.same_site import is_own_page, site_hosts
from leads.attribution import strip_query
from leads.models import Lead
from leads.sla import SlaClock
from leads.whatsapp import whatsapp_url

EMPTY = "—"
# When a request came in, in the staff member's language ("5 Mar 14:30", "5 Mär 14:30").
RECEIVED_FORMAT = "j M H:i"


def page_label(url: str, *, own: bool, length: int = 60) -> str:
    """
    How a source page is named in the admin: this site's pages by their path (``/blog/fue/``),
    anyone else's by host and path, so a foreign address never passes for one of ours.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or not parts.netloc:
        label = url
    elif own:
        label = parts.path or "/"
    else:
        label = f"{parts.netloc}{parts.path}"
    return label if len(label) <= length else f"{label[: length - 1]}…"


def staff_name(user):
    """A staff member as coordinators know them: full name, else username. Never a link."""
    return (user.get_full_name() or user.get_username()) if user else ""


def written_at(moment):
    """A saved row's time as the admin shows dates; nothing for a row not yet saved."""
    return display_for_value(moment, EMPTY) if moment else EMPTY


class LeadDisplayMixin:
    """For ``LeadAdmin``: the queue's columns and the read-only fields of one request."""

    # --- The queue's cells ------------------------------------------------------------------

    @admin.display(description=_("waiting"), ordering="created_at")
    def waiting(self, lead):
        clock = getattr(lead, "sla_clock", None) or SlaClock.for_clinic(
            Clinic.load(), now=timezone.now()
        )
        received = timezone.localtime(lead.created_at, clock.tz)
        if lead.first_contact_at is not None:
            waited = clock.waited(lead.created_at, lead.first_contact_at)
            state = clock.state(lead.created_at, lead.first_contact_at)
            return format_html(
                '<span class="sla sla--done sla--{}" title="{}">{}</span>',
                state.value,
                _("Received %(when)s; first call after %(minutes)s min of opening hours")
                % {
                    "when": date_format(received, RECEIVED_FORMAT),
                    "minutes": int(waited.total_seconds() // 60),
                },
                _("called after %(minutes)s min") % {"minutes": int(waited.total_seconds() // 60)},
            )
        if not lead.is_open or lead.anonymized_at:
            return format_html('<span class="sla sla--closed">{}</span>', EMPTY)
        waited = clock.waited(lead.created_at)
        state = clock.state(lead.created_at)
        # A breach is said in words as well as in colour (and its row stands out, admin.css).
        breached = (
            format_html('<strong class="sla-breached-text">{}</strong>', _("SLA breached"))
            if state.value == "breached"
            else ""
        )
        return format_html(
            '<span class="sla sla--{}" title="{} · {}">{} min</span>{}',
            state.value,
            state.label,
            _("received %(when)s") % {"when": date_format(received, RECEIVED_FORMAT)},
            int(waited.total_seconds() // 60),
            breached,
        )

    @admin.display(description=_("patient"), ordering="name")
    def patient(self, lead):
        # Two lines: who (the name, which opens the request: the queue has no other link
        # column), then how to reach them and in which language. The name has its line to
        # itself, so a long one is read whole; whatever still ends in "…" is whole on hover.
        country = (
            format_html(' <span class="country" title="{}">{}</span>', _("country"), lead.country)
            if lead.country
            else ""
        )
        # The language's code, short enough for the cell; its own name is the tooltip.
        language = (
            format_html(
                ' <abbr class="language" title="{}">{}</abbr>',
                language_name(lead.language),
                lead.language,
            )
            if lead.language
            else ""
        )
        phone = self.phone_links(lead)
        # The line's whole text on hover, should it end in "…".
        reach = " ".join(
            str(part) for part in (strip_tags(phone), lead.language, lead.country) if part
        )
        return format_html(
            '<div class="queue-lines">'
            '<div class="patient-line" dir="auto">'
            '<a class="patient-name" href="{}" title="{}">{}</a></div>'
            '<div class="patient-line patient-reach" title="{}">{}{}{}</div></div>',
            getattr(lead, "change_url", None) or lead.get_admin_url(),
            lead.name,
            lead.name,
            reach,
            phone,
            language,
            country,
        )

    @admin.display(description=_("Claim"))
    def claim_column(self, lead):
        """Claim, in a column of its own: it never wraps under a long name."""
        return self.claim_button(lead)

    @admin.display(description=_("phone"))
    def phone_links(self, lead):
        if lead.anonymized_at or not lead.phone or not lead.phone.is_valid():
            return _("removed") if lead.anonymized_at else str(lead.phone or "")
        # A phone number reads left to right on an Arabic page too.
        call = format_html(
            '<a class="call-link" href="tel:{}" dir="ltr">{}</a>',
            lead.phone.as_e164,
            lead.phone.as_international,
        )
        chat = whatsapp_url(lead=lead, clinic_name=Clinic.load().name)
        if not chat:
            return call
        return format_html(
            '{} <a class="whatsapp-link" href="{}" target="_blank" '
            'rel="noopener noreferrer" title="{}">WhatsApp</a>',
            call,
            chat,
            _("The patient said WhatsApp is fine"),
        )

    @admin.display(description=_("wants"), ordering="interest")
    def wants(self, lead):
        # Line 1 what (an assessment says so first), line 2 when to call.
        interest = str(lead.interest) if lead.interest else ""
        kind = self.kind_badge(lead)
        what = interest or ("" if kind else EMPTY)
        when = lead.get_preferred_time_display()
        return format_html(
            '<div class="queue-lines"><div class="wants-line" dir="auto" title="{}">{}{}</div>'
            '<div class="wants-line quiet" title="{}">{}</div></div>',
            " · ".join(part for part in (strip_tags(kind).strip(), interest) if part) or EMPTY,
            kind,
            what,
            when,
            when,
        )

    def kind_badge(self, lead):
        """An assessment says so, with its number of photos (``with_photo_count``)."""
        if not lead.is_assessment:
            return ""
        count = getattr(lead, "photo_count", None)
        if count is None:
            count = lead.photos.count()
        if getattr(lead, "result_sent", False):
            progress = _("answer sent")
        elif getattr(lead, "assessed", False):
            progress = _("answered, not sent")
        elif hasattr(lead, "assessed"):
            progress = _("waiting for a doctor")
        else:
            progress = ""
        # On the interest's line; where the doctor's answer stands is its tooltip.
        return format_html(
            '<span class="lead-kind lead-kind--assessment" title="{}">{}</span> ',
            progress,
            ngettext(
                "Free assessment · %(count)d photo", "Free assessment · %(count)d photos", count
            )
            % {"count": count},
        )

    @admin.display(description=_("status"), ordering="status")
    def progress(self, lead):
        attempts = getattr(lead, "attempt_count", 0)
        owner = staff_name(lead.owner)
        calls = ngettext("%(count)d call", "%(count)d calls", attempts) % {"count": attempts}
        # Line 1 where it stands and the calls so far, line 2 who holds it: a coordinator's
        # name has a line to itself.
        return format_html(
            '<div class="queue-lines"><div class="progress-line" title="{} · {}">'
            '<span class="lead-status lead-status--{}">{}</span> · <span class="quiet">{}</span>'
            '</div><div class="progress-line" dir="auto">'
            '<span class="{}" title="{}">{}</span></div></div>{}',
            lead.get_status_display(),
            calls,
            lead.status,
            lead.get_status_display(),
            calls,
            "lead-owner" if owner else "lead-owner quiet",
            f"{_('coordinator')}: {owner or _('unassigned')}",
            owner or _("unassigned"),
            self.network(lead) if lead.busy_network else "",
        )

    @admin.display(description=_("source"))
    def source_page(self, lead):
        if not lead.source_url:
            return EMPTY
        page = strip_query(lead.source_url)
        if not self._is_own_page(lead, page):
            # Not one of ours (sent before only our pages were kept): shown, never linked.
            return format_html(
                '<span class="source-page source-external" title="{}">{}</span>',
                page,
                self._breakable(page_label(page, own=False)),
            )
        return format_html(
            '<a class="source-page" href="{}" target="_blank" rel="noopener noreferrer" '
            'title="{}">{}</a>',
            page,
            page,
            self._breakable(page_label(page, own=True)),
        )

    @staticmethod
    def _breakable(label):
        # Long paths wrap after a slash rather than mid-word.
        return mark_safe("/<wbr>".join(conditional_escape(part) for part in label.split("/")))

    def claim_button(self, lead):
        # A button of the list's own form, sent to the claim view: no form inside a form.
        if not lead.is_open or not getattr(lead, "can_claim", True):
            return ""
        if getattr(lead, "is_mine", False):
            return format_html('<span class="claimed-by-me">{}</span>', _("Yours"))
        return format_html(
            '<button type="submit" class="button claim-button" formaction="{}" '
            'formmethod="post" name="claim" value="{}">{}</button>',
            reverse("admin:leads_lead_claim", args=[lead.pk]),
            lead.pk,
            _("Claim"),
        )

    # --- One request's read-only fields -----------------------------------------------------

    @admin.display(description=_("network"))
    def network(self, lead):
        """Sent past the per-address rate limit, and whether it still waits to be released."""
        if not lead.busy_network:
            return EMPTY
        return format_html(
            '<div class="lead-flag" title="{}">{}</div>{}',
            _("Sent from an address that had just sent many requests (a hotel, a mobile network)"),
            _("Many requests from one network"),
            format_html(
                '<div class="lead-flag lead-flag--held">{}</div>',
                _("Not notified: release it if it is a real patient"),
            )
            if lead.notification_held
            else "",
        )

    @admin.display(description=_("SLA"))
    def sla(self, lead):
        return self.waiting(lead)

    @admin.display(description=_("source page"))
    def source_page_link(self, lead):
        if not lead.source_url:
            return EMPTY
        if not self._is_own_page(lead, lead.source_url):
            return lead.source_url
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            lead.source_url,
            lead.source_url,
        )

    @admin.display(description=_("referrer"))
    def referrer_text(self, lead):
        # Another site, as the patient's browser (or a bot) named it: text, not a link.
        return lead.referrer or EMPTY

    @staticmethod
    def _is_own_page(lead, url):
        return is_own_page(url, hosts=getattr(lead, "site_hosts", None) or site_hosts())

    @admin.display(description=_("earlier and later requests from this phone"))
    def earlier_requests(self, lead):
        if lead.anonymized_at or not lead.phone:
            return EMPTY
        others = Lead.objects.for_phone(lead.phone).exclude(pk=lead.pk).order_by("-created_at")
        if not others:
            return EMPTY
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{} · {}</a>',
            (
                (
                    other.get_admin_url(),
                    f"{timezone.localtime(other.created_at):%Y-%m-%d}",
                    other.get_status_display(),
                )
                for other in others[:20]
            ),
        )

    @admin.display(description=_("photos and answers"))
    def assessment_details(self, lead):
        return render_to_string(
            "admin/leads/includes/assessment_details.html",
            {"lead": lead, "photos": list(lead.photos.all())},
        )

    @admin.display(description=_("health-data consent text"))
    def health_consent(self, lead):
        # As the patient read it next to the box: the words, without the link's markup.
        text = strip_tags(lead.health_consent_text)
        # In the patient's language: an Arabic text reads right to left.
        return format_html('<span dir="auto">{}</span>', text) if text else EMPTY

    @admin.display(description=_("why it looked like spam"))
    def spam_reasons_display(self, lead):
        return lead.spam_reasons_display or EMPTY

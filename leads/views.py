import enum
import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from clinic.models import Treatment
from clinic_site.ip_addresses import client_ip
from clinic_site.models import Clinic
from clinic_site.ratelimits import parse_rate, rate_limit_exceeded
from clinic_site.uploads import accepts_files
from leads.attribution import read_visit
from leads.forms import AssessmentForm, CallbackForm
from leads.models import AssessmentPhoto, Lead
from leads.photos import photos_delete
from leads.services.submission import RequestMeta, lead_submit

logger = logging.getLogger(__name__)

# A treatment's address name, as ``?treatment=`` may give it; anything else is not looked up.
SLUG = re.compile(r"[-\w]+")

# The thanks page's proof that this browser's request was just put in the queue: a signed,
# short-lived mark in the address it is sent to, so that a browser refusing cookies is told
# the truth too. The mark is the same for every request: it tells nothing about the patient.
QUEUED_PARAMETER = "queued"
QUEUED_SALT = "leads.queued"
QUEUED_MAX_AGE = 60 * 60


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def callback(request):
    """
    The call-back page. Every call-back form on the site posts here, so a form with mistakes
    comes back on this page with the errors next to the fields and everything typed kept.
    """
    if request.method != "POST":
        form = CallbackForm(initial={"source_url": request.build_absolute_uri()})
        return render_callback_page(request, form)

    form = CallbackForm(request.POST)
    if not form.is_valid():
        return render_callback_page(request, form)

    if form.needs_confirmation:
        # Sent faster than a person types, but only the honeypot is certain: an autofilled
        # form and a quick tap look the same. Nothing is saved; the patient sees what they
        # typed and sends it with one more press.
        return render_callback_page(request, form.for_confirmation())

    limit = rate_limit(request, phone=form.cleaned_data["phone"].as_e164, suspect=form.is_suspect)
    if limit is RateLimit.REFUSED:
        return rate_limited_response(request)

    lead = lead_submit(
        data={**form.cleaned_data, "consent_text": form.consent_text},
        request_meta=RequestMeta.from_request(request, visit=read_visit(request)),
        spam_reasons=form.suspicions,
        busy_network=limit is RateLimit.BUSY_NETWORK,
    )
    thanks = reverse("leads:thanks")
    if lead.is_open:
        # The thanks page promises a call only to a browser whose request is in the queue.
        mark = signing.dumps(1, salt=QUEUED_SALT)
        thanks = f"{thanks}?{urlencode({QUEUED_PARAMETER: mark})}"
    return redirect(thanks)


def render_callback_page(request, form):
    breadcrumbs = [(_("Home"), reverse("home")), (_("Request a call back"), None)]
    return render(
        request,
        "leads/callback.html",
        {"form": form, "breadcrumbs": breadcrumbs},
    )


class RateLimit(enum.Enum):
    """What the rate limits say about one request."""

    WITHIN = "within"  # an ordinary request
    BUSY_NETWORK = "busy-network"  # past the per-address limit: saved, marked and held
    REFUSED = "refused"  # the 429 page, nothing saved


def rate_limit(request, *, phone: str, suspect: bool = False) -> RateLimit:
    """
    Per client IP, then per phone number; all counted in the shared cache.

    Many patients can share one address (a hotel's Wi-Fi, a mobile carrier's NAT), so past
    ``LEADS_RATE_LIMIT`` a request is not refused but comes from a busy network: saved and
    held for a coordinator, up to the ceiling ``LEADS_RATE_LIMIT_HOLD``, which counts every
    post from the address (so a flood makes at most that many rows). A suspect request past
    the per-address limit is refused.

    Every post counts against its IP, but only a request that is not suspect counts against
    its phone number: a bot typing a real patient's number must not use up that patient's
    requests.
    """
    address = client_ip(request) or "unknown"
    if rate_limit_exceeded(scope="leads:ip-hold", key=address, rate=settings.LEADS_RATE_LIMIT_HOLD):
        logger.warning("call-back form: ceiling per client IP reached (LEADS_RATE_LIMIT_HOLD)")
        return RateLimit.REFUSED
    busy = rate_limit_exceeded(scope="leads:ip", key=address, rate=settings.LEADS_RATE_LIMIT)
    if suspect:
        return RateLimit.REFUSED if busy else RateLimit.WITHIN
    if rate_limit_exceeded(scope="leads:phone", key=phone, rate=settings.LEADS_PHONE_RATE_LIMIT):
        logger.warning("call-back form: rate limit per phone number reached")
        return RateLimit.REFUSED
    if busy:
        logger.warning("call-back form: rate limit per client IP reached; request held")
        return RateLimit.BUSY_NETWORK
    return RateLimit.WITHIN


def rate_limited_response(request):
    limits = [
        parse_rate(settings.LEADS_RATE_LIMIT),
        parse_rate(settings.LEADS_RATE_LIMIT_HOLD),
        parse_rate(settings.LEADS_PHONE_RATE_LIMIT),
    ]
    response = render(request, "leads/rate_limited.html", status=429)
    response["Retry-After"] = str(min(limit.seconds for limit in limits))
    return response


@method_decorator(never_cache, name="dispatch")
class ThanksView(TemplateView):
    """
    What happens next: the clinic's promise while open, its hours, and ways to call now. The
    promise only for a browser whose request was just put in the queue; anyone else (a
    request filed as spam, a bookmark) is asked to send the form again or call.
    """

    template_name = "leads/thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            clinic_is_open=Clinic.load().is_open_at(), queued=self._queued(), **kwargs
        )

    def _queued(self) -> bool:
        try:
            signing.loads(
                self.request.GET.get(QUEUED_PARAMETER, ""), salt=QUEUED_SALT, max_age=QUEUED_MAX_AGE
            )
        except signing.BadSignature:  # SignatureExpired is a BadSignature
            return False
        return True


# --- The free assessment ---------------------------------------------------------------------


@accepts_files(max_size_setting="ASSESSMENT_MAX_REQUEST_SIZE")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def assessment(request):
    """
    The free assessment: the call-back fields, a few about the hair, and photos. As on the
    call-back page, a form with mistakes comes back with everything typed kept, and with the
    photos already kept from it listed as attached (``AssessmentForm``).
    """
    if request.method != "POST":
        initial = {"source_url": request.build_absolute_uri()}
        slug = request.GET.get("treatment", "")[:200]
        if slug and SLUG.fullmatch(slug):
            # From a treatment's page: that treatment already chosen.
            initial["interest"] = Treatment.objects.active().filter(slug=slug).first()
        form = AssessmentForm(initial=initial)
        return render_assessment_page(request, form)

    if request.FILES and photo_rate_limit_exceeded(request):
        return rate_limited_response(request)
    form = AssessmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_assessment_page(request, form)

    if form.needs_confirmation:
        # The photos are kept already: the page shown again names them in its hidden field.
        return render_assessment_page(request, form.for_confirmation())

    photo_keys = form.cleaned_data["photos"]
    limit = rate_limit(request, phone=form.cleaned_data["phone"].as_e164, suspect=form.is_suspect)
    if limit is RateLimit.REFUSED:
        # Nothing is saved from a refused request, its photos included.
        photos_delete(AssessmentPhoto.objects.unsent().filter(key__in=photo_keys))
        return rate_limited_response(request)

    lead = lead_submit(
        data={
            **form.cleaned_data,
            "kind": Lead.Kind.ASSESSMENT,
            "photos": photo_keys,
            "consent_text": form.consent_text,
            "health_consent_text": form.health_consent_text,
        },
        request_meta=RequestMeta.from_request(request, visit=read_visit(request)),
        spam_reasons=form.suspicions,
        busy_network=limit is RateLimit.BUSY_NETWORK,
    )
    thanks = reverse("leads:assessment-thanks")
    if lead.is_open:
        mark = signing.dumps(1, salt=QUEUED_SALT)
        thanks = f"{thanks}?{urlencode({QUEUED_PARAMETER: mark})}"
    return redirect(thanks)


def photo_rate_limit_exceeded(request) -> bool:
    """
    Reading a photo costs far more than reading a form, and it happens before the form is
    known to be right (so that no photo is lost to a mistake elsewhere): a post carrying photos
    counts against its address before any is read, up to ``LEADS_RATE_LIMIT_HOLD``, the
    ceiling of every post from one address.
    """
    address = client_ip(request) or "unknown"
    if rate_limit_exceeded(
        scope="leads:assessment-photos", key=address, rate=settings.LEADS_RATE_LIMIT_HOLD
    ):
        logger.warning("assessment form: ceiling of posts with photos per client IP reached")
        return True
    return False


def render_assessment_page(request, form):
    breadcrumbs = [(_("Home"), reverse("home")), (_("Free online assessment"), None)]
    return render(
        request,
        "leads/assessment.html",
        {"form": form, "breadcrumbs": breadcrumbs},
    )


class AssessmentThanksView(ThanksView):
    template_name = "leads/assessment_thanks.html"

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from clinic_site.ip_addresses import client_ip
from clinic_site.models import Clinic
from clinic_site.ratelimits import parse_rate, rate_limit_exceeded
from leads.attribution import read_visit
from leads.forms import CallbackForm
from leads.services.submission import RequestMeta, lead_submit

logger = logging.getLogger(__name__)


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

    if rate_limited(request, phone=form.cleaned_data["phone"].as_e164, suspect=form.is_suspect):
        return rate_limited_response(request)

    lead_submit(
        data={**form.cleaned_data, "consent_text": form.consent_text},
        request_meta=RequestMeta.from_request(request, visit=read_visit(request)),
        spam_reasons=form.suspicions,
    )
    return redirect("leads:thanks")


def render_callback_page(request, form):
    breadcrumbs = [(_("Home"), reverse("home")), (_("Request a call back"), None)]
    return render(request, "leads/callback.html", {"form": form, "breadcrumbs": breadcrumbs})


def rate_limited(request, *, phone: str, suspect: bool = False) -> bool:
    """
    Per client IP, then per phone number; both counted in the shared cache. Every post counts
    against its IP, but only a request that is not suspect counts against its phone number: a
    bot typing a real patient's number must not use up that patient's requests.
    """
    if rate_limit_exceeded(
        scope="leads:ip", key=client_ip(request) or "unknown", rate=settings.LEADS_RATE_LIMIT
    ):
        logger.warning("call-back form: rate limit per client IP reached")
        return True
    if suspect:
        return False
    if rate_limit_exceeded(scope="leads:phone", key=phone, rate=settings.LEADS_PHONE_RATE_LIMIT):
        logger.warning("call-back form: rate limit per phone number reached")
        return True
    return False


def rate_limited_response(request):
    limits = [parse_rate(settings.LEADS_RATE_LIMIT), parse_rate(settings.LEADS_PHONE_RATE_LIMIT)]
    response = render(request, "leads/rate_limited.html", status=429)
    response["Retry-After"] = str(min(limit.seconds for limit in limits))
    return response


@method_decorator(never_cache, name="dispatch")
class ThanksView(TemplateView):
    """What happens next: the clinic's promise while open, its hours, and ways to call now."""

    template_name = "leads/thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(clinic_is_open=Clinic.load().is_open_at(), **kwargs)

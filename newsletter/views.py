"""
The patient's pages. No GET changes anything (mail scanners open every link); only the
one-click unsubscribe is exempt from CSRF, because mail providers post it without a token.
"""

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from clinic_site.ip_addresses import client_ip
from clinic_site.models import Clinic
from clinic_site.ratelimits import rate_limit_exceeded
from newsletter.forms import SubscribePageForm
from newsletter.models import Subscriber
from newsletter.services.subscription import (
    subscriber_confirm,
    subscriber_confirmation_resend,
    subscriber_for_confirm_token,
    subscriber_subscribe,
    subscriber_unsubscribe,
)
from newsletter.tokens import (
    TokenExpired,
    TokenInvalid,
    confirm_token_read,
    unsubscribe_token_parse,
)

logger = logging.getLogger(__name__)

RATE_LIMIT_SCOPE = "newsletter-subscribe"


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]


def _rate_limited(request) -> bool:
    return rate_limit_exceeded(
        scope=RATE_LIMIT_SCOPE,
        key=client_ip(request) or "unknown",
        rate=settings.NEWSLETTER_RATE_LIMIT,
    )


def _render_for(request, subscriber, template, context=None, status=200):
    """A page about the subscriber's own subscription, in the language of their emails."""
    language = subscriber.message_language if subscriber else translation.get_language()
    with translation.override(language or settings.LANGUAGE_CODE):
        return render(request, template, context or {}, status=status)


class SubscribeView(FormView):
    template_name = "newsletter/subscribe.html"
    form_class = SubscribePageForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "clinic_name": Clinic.load().name}

    def get_initial(self):
        return {"source_url": self.request.path}

    def get_context_data(self, **kwargs):
        breadcrumbs = [
            (translation.gettext("Home"), reverse("home")),
            (translation.gettext("Newsletter"), ""),
        ]
        return {**super().get_context_data(**kwargs), "breadcrumbs": breadcrumbs}

    def form_valid(self, form):
        if form.needs_confirmation:
            # Sent faster than a person types, but an autofilled box and a quick tap look the
            # same: nothing is sent; the page shows the form as typed, to send with one press.
            return self.render_to_response(self.get_context_data(form=form.for_confirmation()))
        if _rate_limited(self.request):
            form.add_error(
                None,
                translation.gettext(
                    "We have had many requests from your connection. "
                    "Please try again in a few minutes."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if form.is_suspect:
            # The honeypot, filled in by a script only. Same answer as for a person: a script
            # learns nothing, and nobody gets an email.
            logger.info("newsletter subscription dropped: %s", ",".join(form.suspicions))
        else:
            subscriber_subscribe(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data.get("first_name", ""),
                consent_text=form.consent_text,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                source_url=form.cleaned_data["source_url"],
                ip_address=client_ip(self.request),
                user_agent=_user_agent(self.request),
            )
        return redirect("newsletter:check-inbox")


class CheckInboxView(TemplateView):
    """The one answer to every valid request, whoever the address belongs to."""

    template_name = "newsletter/check_inbox.html"

    def get_context_data(self, **kwargs):
        days = max(1, settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400)
        return {**super().get_context_data(**kwargs), "max_age_days": days}


def _link_invalid(request, *, subscriber=None, token="", expired=False):
    """
    The friendly page for an expired or broken confirmation link: a 200, because it is an
    answer for a person (it explains and offers a new link), never indexed and never cached.
    """
    response = _render_for(
        request,
        subscriber,
        "newsletter/link_invalid.html",
        {
            "expired": expired,
            "can_resend": expired and subscriber is not None and subscriber.status == "pending",
            "token": token,
        },
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """GET shows the Confirm button; only the POST confirms."""

    def get(self, request, token):
        try:
            subscriber = subscriber_for_confirm_token(token=token)
        except TokenExpired as expired:
            subscriber = Subscriber.objects.filter(key=expired.key).first()
            return _link_invalid(request, subscriber=subscriber, token=token, expired=True)
        except TokenInvalid:
            return _link_invalid(request)
        if subscriber.is_subscribed:
            return _render_for(
                request, subscriber, "newsletter/confirmed.html", {"subscriber": subscriber}
            )
        return _render_for(
            request, subscriber, "newsletter/confirm.html", {"subscriber": subscriber}
        )

    def post(self, request, token):
        try:
            subscriber = subscriber_confirm(
                token=token, ip_address=client_ip(request), user_agent=_user_agent(request)
            )
        except TokenExpired as expired:
            subscriber = Subscriber.objects.filter(key=expired.key).first()
            return _link_invalid(request, subscriber=subscriber, token=token, expired=True)
        except TokenInvalid:
            return _link_invalid(request)
        return _render_for(
            request, subscriber, "newsletter/confirmed.html", {"subscriber": subscriber}
        )


@method_decorator(never_cache, name="dispatch")
class ResendConfirmationView(View):
    """A new confirmation link in place of an expired one (POST only, rate-limited)."""

    http_method_names = ["post"]

    def post(self, request, token):
        try:
            key = confirm_token_read(token).key
        except TokenExpired as expired:
            key = expired.key
        except TokenInvalid:
            return _link_invalid(request)
        subscriber = Subscriber.objects.filter(key=key).first()
        if subscriber is not None and not _rate_limited(request):
            subscriber_confirmation_resend(subscriber=subscriber)
        return redirect("newsletter:check-inbox")


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class UnsubscribeView(View):
    """
    GET shows a button; POST unsubscribes at once. Mail providers send the RFC 8058 one-click
    POST (``List-Unsubscribe=One-Click``) without a CSRF token and must get a 200, never a
    redirect. The token in the address is the proof; it never expires.
    """

    def _subscriber(self, token):
        try:
            key = unsubscribe_token_parse(token).key
        except TokenInvalid:
            return None
        return Subscriber.objects.filter(key=key).first()

    def get(self, request, token):
        subscriber = self._subscriber(token)
        if subscriber is None:
            return _render_for(request, None, "newsletter/unsubscribe_invalid.html", status=400)
        if subscriber.status in Subscriber.STOPPED:
            return _render_for(request, subscriber, "newsletter/unsubscribed.html")
        return _render_for(
            request, subscriber, "newsletter/unsubscribe.html", {"subscriber": subscriber}
        )

    def post(self, request, token):
        subscriber = self._subscriber(token)
        if subscriber is None:
            return _render_for(request, None, "newsletter/unsubscribe_invalid.html", status=400)
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriber_unsubscribe(
            subscriber=subscriber,
            campaign_id=unsubscribe_token_parse(token).campaign_id,
            source="one-click (mail program)" if one_click else "unsubscribe page",
            ip_address=client_ip(request),
            user_agent=_user_agent(request),
        )
        return _render_for(request, subscriber, "newsletter/unsubscribed.html")

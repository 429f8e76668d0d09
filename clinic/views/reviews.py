"""
The reviews page: published reviews, newest first, with their average (no review markup for
search engines: a clinic's reviews of itself are self-serving to them), and the form to write
one, which waits for a member of staff to publish it.
"""

import logging

from django.conf import settings
from django.db.models import Avg, Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from blog import schema
from blog.languages import current_language
from clinic.forms import ReviewFilterForm, ReviewForm
from clinic.models import Review, Treatment
from clinic.services import review_submit
from clinic_site.ip_addresses import client_ip
from clinic_site.ratelimits import parse_rate, rate_limit_exceeded

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
RATE_LIMIT_SCOPE = "reviews-submit"
# The address the form sends a patient back to: the list, with a thank-you note above the form.
SENT_PARAMETER = "sent"


class ReviewListView(ListView):
    template_name = "clinic/review_list.html"
    context_object_name = "reviews"
    paginate_by = PAGE_SIZE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.treatments = list(Treatment.objects.active())
        # Its own ids: the review form below has a treatment field too.
        self.filter_form = ReviewFilterForm(
            request.GET or None, treatments=self.treatments, auto_id="filter_%s"
        )

    def get_queryset(self):
        return (
            Review.objects.published()
            .filter(**self.filter_form.filters())
            .with_treatment_name()
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = self.object_list.aggregate(average=Avg("rating"), count=Count("pk"))
        breadcrumbs = [(_("Home"), reverse("home")), (_("Reviews"), reverse("clinic:reviews"))]
        filters = {key: value for key, value in self.request.GET.items() if key != "page"}
        context.update(
            filter_form=self.filter_form,
            filtered=bool(self.filter_form.filters()),
            filter_query=urlencode(
                {k: v for k, v in filters.items() if k in ("treatment", "language")}
            ),
            average=summary["average"],
            review_count=summary["count"],
            sent=self.request.GET.get(SENT_PARAMETER) == "1",
            breadcrumbs=breadcrumbs,
            json_ld=schema.listing_schema(
                request=self.request, breadcrumbs=breadcrumbs, name=_("Reviews")
            ),
        )
        context.setdefault("form", ReviewForm(treatments=self.treatments))
        return context

    def _page(self, form, status=200):
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=status)

    @method_decorator(never_cache)
    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST, treatments=self.treatments)
        if not form.is_valid():
            return self._page(form)
        if form.needs_confirmation:
            # Sent faster than a person types, but an autofilled form and a quick tap look the
            # same: nothing is saved; the page shows it as typed, to send with one press.
            return self._page(form.for_confirmation())
        if rate_limit_exceeded(
            scope=RATE_LIMIT_SCOPE,
            key=client_ip(request) or "unknown",
            rate=settings.REVIEWS_RATE_LIMIT,
        ):
            form.add_error(
                None,
                _(
                    "We have had many reviews from your connection. "
                    "Please try again in an hour or so."
                ),
            )
            response = self._page(form, status=429)
            response["Retry-After"] = str(parse_rate(settings.REVIEWS_RATE_LIMIT).seconds)
            return response
        if form.is_suspect:
            # The honeypot, filled in by a script only: the same answer as a person's, and
            # nothing is saved.
            logger.info("review dropped: %s", ",".join(form.suspicions))
        else:
            data = form.cleaned_data
            review_submit(
                first_name=data["first_name"],
                last_initial=data["last_initial"],
                email=data["email"],
                country=data["country"],
                treatment=data["treatment"],
                rating=data["rating"],
                text=data["text"],
                procedure_date=data["procedure_month"],
                consent_to_publish=data["consent"],
                language=current_language(),
            )
        url = f"{reverse('clinic:reviews')}?{SENT_PARAMETER}=1#review-form"
        return HttpResponseRedirect(url)

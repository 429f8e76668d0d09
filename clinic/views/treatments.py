"""
The treatments: a list with their "from" prices, and a page per treatment that ends in the
call-back form with the treatment already chosen. Both run a fixed number of queries however
many treatments, questions, doctors, results and reviews exist (tests/test_clinic_treatments.py).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from blog.models import Article, Doctor
from clinic import schema
from clinic.models import ResultCase, Review, Treatment
from clinic.results import results_shown

RESULTS_SHOWN = 6
REVIEWS_SHOWN = 6
RELATED_ARTICLES_SHOWN = 3


def treatments_breadcrumbs(*more):
    return [(_("Home"), reverse("home")), (_("Treatments"), reverse("clinic:treatments")), *more]


class TreatmentListView(ListView):
    template_name = "clinic/treatment_list.html"
    context_object_name = "treatments"
    queryset = Treatment.objects.active().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = treatments_breadcrumbs()
        context.update(
            breadcrumbs=breadcrumbs,
            json_ld=schema.treatment_list_schema(
                context["treatments"], request=self.request, breadcrumbs=breadcrumbs
            ),
        )
        return context


class TreatmentDetailView(DetailView):
    """An active treatment's page; an inactive one is gone (404) for patients and staff alike."""

    template_name = "clinic/treatment_detail.html"
    context_object_name = "treatment"

    def get_queryset(self):
        return Treatment.objects.active()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        treatment = self.object
        faqs = list(treatment.faqs.all())
        doctors = list(Doctor.objects.active().for_cards().filter(treatments=treatment))
        shown = results_shown()
        results = []
        if shown:
            results = list(
                ResultCase.objects.published()
                .with_treatment_name()
                .filter(treatment=treatment)[:RESULTS_SHOWN]
            )
        reviews = list(
            Review.objects.published()
            .with_treatment_name()
            .filter(treatment=treatment)[:REVIEWS_SHOWN]
        )
        related = list(
            Article.objects.published()
            .in_language()
            .for_cards()
            .filter(treatments=treatment)
            .order_by("-published_at", "-pk")[:RELATED_ARTICLES_SHOWN]
        )
        breadcrumbs = treatments_breadcrumbs((treatment.name, treatment.get_absolute_url()))
        context.update(
            faqs=faqs,
            doctors=doctors,
            results_shown=shown,
            results=results,
            reviews=reviews,
            related_articles=related,
            breadcrumbs=breadcrumbs,
            hero_image_url=(
                self.request.build_absolute_uri(treatment.hero_image.url)
                if treatment.hero_image
                else ""
            ),
            json_ld=schema.treatment_schema(
                treatment, request=self.request, breadcrumbs=breadcrumbs, faqs=faqs, doctors=doctors
            ),
        )
        return context

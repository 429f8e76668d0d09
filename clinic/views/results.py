"""
The results gallery, before and after, with the patients' consent. A page in a language where
such pictures may not be shown (``clinic.results.results_shown``) does not exist.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import ListView

from blog import schema
from clinic.models import ResultCase, Treatment
from clinic.results import results_shown
from clinic_site.languages import LanguageVersions, LanguageVersionsMixin

PAGE_SIZE = 12


def treatments_with_results():
    """The active treatments that have a published result: the gallery's filter."""
    published = ResultCase.objects.published().filter(treatment=OuterRef("pk"))
    return Treatment.objects.active().filter(Exists(published))


class ResultListView(LanguageVersionsMixin, ListView):
    template_name = "clinic/result_list.html"
    context_object_name = "cases"
    paginate_by = PAGE_SIZE

    def dispatch(self, request, *args, **kwargs):
        if not results_shown():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.treatments = list(treatments_with_results())
        slug = self.request.GET.get("treatment", "")
        self.treatment = next((t for t in self.treatments if t.slug == slug), None)
        cases = ResultCase.objects.published().with_treatment_name()
        if self.treatment is not None:
            cases = cases.filter(treatment=self.treatment)
        return cases

    def get_language_versions(self):
        """The gallery in the languages that may show it; elsewhere, the treatments."""
        versions, nearest = {}, {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if results_shown(code):
                    versions[code] = reverse("clinic:results")
                else:
                    nearest[code] = reverse("clinic:treatments")
        return LanguageVersions(versions=versions, nearest=nearest)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = [(_("Home"), reverse("home")), (_("Results"), reverse("clinic:results"))]
        context.update(
            treatments=self.treatments,
            treatment=self.treatment,
            breadcrumbs=breadcrumbs,
            filter_query=f"treatment={self.treatment.slug}" if self.treatment else "",
            json_ld=schema.listing_schema(
                request=self.request, breadcrumbs=breadcrumbs, name=_("Results")
            ),
        )
        return context

"""
What the home page shows, section by section, from trust to action. Each section is one query
(none for the identity, which comes from the cache), whatever the number of rows.
"""

from django.db.models import Case, IntegerField, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blog.languages import current_language
from blog.models import Doctor
from clinic.models import ResultCase, Review, Treatment
from clinic.results import results_shown
from clinic_site.prices import number_display

HOME_TREATMENTS = 6
HOME_DOCTORS = 4
HOME_RESULTS = 3
HOME_REVIEWS = 3


def home_sections(clinic) -> dict:
    language = current_language()
    show_results = results_shown(language)
    return {
        "promise": clinic.promise or _("Hair restoration planned and performed by doctors"),
        "promise_detail": clinic.promise_detail,
        "trust_figures": trust_figures(clinic),
        "accreditations": clinic.accreditation_list,
        "treatments": list(Treatment.objects.active().for_cards()[:HOME_TREATMENTS]),
        "doctors": list(Doctor.objects.active().for_cards()[:HOME_DOCTORS]),
        "results": (
            list(ResultCase.objects.published().with_treatment_name()[:HOME_RESULTS])
            if show_results
            else []
        ),
        "reviews": list(
            Review.objects.published()
            .with_treatment_name()
            # The page's own language first, then the newest: one query all the same.
            .annotate(
                other_language=Case(
                    When(language=language, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("other_language", "-created_at")[:HOME_REVIEWS]
        ),
        "doctors_url": url_or_none("blog:doctors"),
        "treatments_url": url_or_none("clinic:treatments"),
        "results_url": url_or_none("clinic:results") if show_results else None,
        "reviews_url": url_or_none("clinic:reviews"),
    }


def trust_figures(clinic) -> list[tuple[str, str]]:
    """
    (figure, what it counts) for each figure staff entered in the identity; the code invents
    none, and a figure left empty is not shown.
    """
    figures = []
    if clinic.founded_year:
        years = timezone.localdate().year - clinic.founded_year
        if years >= 1:
            label = ngettext("year caring for patients", "years caring for patients", years)
            figures.append((str(years), label))
    if clinic.procedures_count:
        count = number_display(clinic.procedures_count)
        label = ngettext("procedure performed", "procedures performed", clinic.procedures_count)
        figures.append((count, label))
    spoken = clinic.language_list  # "English, Türkçe" or, in Arabic, "العربية، الإنجليزية"
    if spoken:
        label = ngettext(
            "language spoken: %(languages)s", "languages spoken: %(languages)s", len(spoken)
        ) % {"languages": clinic.languages_spoken.strip()}
        figures.append((str(len(spoken)), label))
    return figures


def url_or_none(name: str) -> str | None:
    # /doctors/ is built beside this page; until it exists its section links nowhere.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None

"""
The public forms' inputs are written out in Python (clinic_site/form_renderer.py) for speed:
each must read exactly as Django's own widget templates draw it, whatever was typed.
"""

import pytest
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from clinic.forms import ReviewForm
from clinic.models import Treatment
from clinic_site.form_renderer import widget_renderer
from leads.forms import AssessmentForm, CallbackForm
from newsletter.forms import SubscribeForm, SubscribePageForm
from tests.factories import TreatmentFactory

pytestmark = pytest.mark.django_db

# What a script or a careless paste may post: quotes, markup, an ampersand, line breaks.
AWKWARD = "\"><script>alert(1)</script> & Ö's\nsecond line"


def forms_to_compare():
    treatment = TreatmentFactory(name='Hair & "beard" <FUE>')
    treatments = Treatment.objects.active()
    return [
        CallbackForm(initial={"source_url": "https://clinic.example/?a=1&b=2"}),
        CallbackForm(initial={"interest": treatment}),
        CallbackForm(
            {"name": AWKWARD, "phone": "abc", "message": AWKWARD, "interest": treatment.pk}
        ),
        CallbackForm({"name": "Ann", "phone": "+905321234567", "consent": "on"}, confirming=True),
        SubscribeForm(auto_id="newsletter-%s", clinic_name="Clinic", initial={"source_url": "/"}),
        SubscribeForm({"email": AWKWARD, "website": AWKWARD}, clinic_name="Clinic"),
        SubscribePageForm({"email": "a@example.com", "first_name": AWKWARD}, clinic_name="C"),
        AssessmentForm({"name": AWKWARD, "age_range": "x"}),
        ReviewForm(treatments=treatments),
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_input_of_the_public_forms_reads_as_djangos_templates_draw_it(language):
    django_templates = DjangoTemplates()
    with translation.override(language):
        for form in forms_to_compare():
            assert form.renderer is widget_renderer
            if form.is_bound:
                form.is_valid()
            ours = [str(field) for field in form]
            form.renderer = django_templates
            theirs = [str(field) for field in form]
            assert ours == theirs, type(form).__name__

"""
/contact/: where the clinic is and how to reach it. Everything comes from the cached clinic
identity, so the page costs no query but the call-back form's treatment list.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from blog import schema
from clinic_site.models import Clinic


class ContactView(TemplateView):
    template_name = "clinic/contact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clinic = Clinic.load()
        breadcrumbs = [(_("Home"), reverse("home")), (_("Contact"), reverse("clinic:contact"))]
        context.update(
            breadcrumbs=breadcrumbs,
            json_ld=schema.contact_schema(
                request=self.request, clinic=clinic, breadcrumbs=breadcrumbs
            ),
        )
        return context

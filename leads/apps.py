from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Call-back requests")
    # See clinic_site/roles.py. Coordinators work requests and read the treatment list;
    # marketing keeps the treatment list the form offers up to date. Nobody but superusers
    # deletes a request.
    role_permissions = {
        "Call centre": ["leads.view_lead", "leads.change_lead", "leads.view_treatment"],
        "Marketing": ["leads.view_treatment", "leads.add_treatment", "leads.change_treatment"],
    }

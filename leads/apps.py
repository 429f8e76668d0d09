from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Call-back requests")
    # See clinic_site/roles.py. Coordinators work requests and read the treatment list.
    # Marketing sees newsletter data only, so patients' call-back requests stay with the call
    # centre. Nobody but superusers deletes a request.
    role_permissions = {
        "Call centre": ["leads.view_lead", "leads.change_lead", "leads.view_treatment"],
    }

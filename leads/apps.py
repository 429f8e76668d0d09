from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Call-back requests")
    # See clinic_site/roles.py. Coordinators work requests: read and change them, log calls
    # and write notes, which are never changed afterwards. Nobody but superusers deletes.
    role_permissions = {
        "Call centre": [
            "leads.view_lead",
            "leads.change_lead",
            "leads.view_callattempt",
            "leads.add_callattempt",
            "leads.view_note",
            "leads.add_note",
            "leads.view_treatment",
        ],
    }

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    # The admin's section: "Call centre › Call-back requests" reads better than the model twice.
    verbose_name = _("Call centre")
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
            "leads.view_coordinatorlanguage",
            "leads.add_coordinatorlanguage",
            "leads.change_coordinatorlanguage",
            "leads.delete_coordinatorlanguage",
        ],
    }

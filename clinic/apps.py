from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CLINIC_MODELS = ("treatment", "treatmentfaq", "resultcase", "review")


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Clinic pages")
    # See clinic_site/roles.py. Editors keep the treatments, their questions, the results and
    # the reviews; the call centre reads the treatments a patient asks about.
    role_permissions = {
        "Editors": [
            f"clinic.{action}_{model}"
            for model in CLINIC_MODELS
            for action in ("view", "add", "change", "delete")
        ],
        "Call centre": ["clinic.view_treatment"],
    }

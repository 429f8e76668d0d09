from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClinicSiteConfig(AppConfig):
    name = "clinic_site"
    verbose_name = _("Clinic")

    def ready(self):
        from clinic_site import checks  # noqa: F401 - registers the deployment checks
        from clinic_site.roles import sync_roles

        # Permissions are created by post_migrate too, so the groups are synced after each
        # app's permissions exist; the last call sees them all.
        post_migrate.connect(sync_roles, dispatch_uid="clinic_site.sync_roles")

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClinicSiteConfig(AppConfig):
    name = "clinic_site"
    verbose_name = _("Clinic")

    def ready(self):
        from clinic_site import (
            checks,  # noqa: F401 - registers the deployment checks
            page_cache,
        )
        from clinic_site.images import connect_signals
        from clinic_site.roles import sync_roles

        refuse_to_start_without_production_values()
        # Permissions are created by post_migrate too, so the groups are synced after each
        # app's permissions exist; the last call sees them all.
        post_migrate.connect(sync_roles, dispatch_uid="clinic_site.sync_roles")
        post_migrate.connect(
            create_cache_table, sender=self, dispatch_uid="clinic_site.create_cache_table"
        )
        connect_signals()
        page_cache.connect_signals()


def refuse_to_start_without_production_values():
    """
    Production's settings leave these empty when their variable is unset (a developer's machine
    and the tests have safe defaults): no process serves, sends or works without them.
    """
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal of an empty key, reworded
        secret_key = ""
    for variable, value in [
        ("DJANGO_SECRET_KEY", secret_key),
        ("DJANGO_ALLOWED_HOSTS", settings.ALLOWED_HOSTS),
        ("SITE_URL", settings.SITE_URL),
        ("NEWSLETTER_FORGET_KEY", settings.NEWSLETTER_FORGET_KEY),
    ]:
        if not value:
            raise ImproperlyConfigured(
                f"{variable} must be set when DJANGO_DEBUG is off (production). See the README."
            )


def create_cache_table(*, using, verbosity=1, **kwargs):
    """
    The database cache's table (production on one machine without Redis), made by ``migrate``
    like every other table, in the database the cache uses (on SQLite, a file of its own: see
    the settings). Does nothing when the table exists or the cache is not in the database.
    """
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))

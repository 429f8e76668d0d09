from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")
    # See clinic_site/roles.py. Marketing works the list and sends the campaigns; editors may read
    # the campaigns (their articles make the digest); consent history and the mail provider's
    # reports are read-only for all.
    role_permissions = {
        "Editors": ["newsletter.view_campaign"],
        "Marketing": [
            "newsletter.view_subscriber",
            "newsletter.change_subscriber",
            "newsletter.view_consentevent",
            "newsletter.view_mailevent",
            "newsletter.view_tag",
            "newsletter.add_tag",
            "newsletter.change_tag",
            "newsletter.delete_tag",
            "newsletter.view_subscriberimport",
            "newsletter.add_subscriberimport",
            "newsletter.view_campaign",
            "newsletter.add_campaign",
            "newsletter.change_campaign",
            "newsletter.delete_campaign",
        ],
    }

    def ready(self):
        from anymail.signals import tracking

        from newsletter.services.mail_events import tracking_received

        # The provider's reports (its webhook, through django-anymail) reach the newsletter here.
        tracking.connect(tracking_received, dispatch_uid="newsletter.tracking_received")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")
    # See clinic_site/roles.py. Marketing works the list and sends the campaigns; editors may read
    # the campaigns (their articles make the digest); consent history is read-only for all.
    role_permissions = {
        "Editors": ["newsletter.view_campaign"],
        "Marketing": [
            "newsletter.view_subscriber",
            "newsletter.change_subscriber",
            "newsletter.view_consentevent",
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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BLOG_MODELS = ("article", "doctor", "category")


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    # See clinic_site/roles.py. Editors write, review, schedule and publish articles and manage
    # doctors and categories; nothing outside the blog.
    role_permissions = {
        "Editors": [
            f"blog.{action}_{model}"
            for model in BLOG_MODELS
            for action in ("view", "add", "change", "delete")
        ],
    }

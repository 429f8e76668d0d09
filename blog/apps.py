from django.apps import AppConfig
from django.db.backends.signals import connection_created
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

    def ready(self):
        from blog.search import register_sqlite_functions

        # The SQLite search compares folded text in SQL (see blog/search.py).
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="blog.register_sqlite_functions"
        )

import secrets
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from clinic_site import demo_images
from clinic_site.roles import CALL_CENTRE, DOCTORS, EDITORS, MARKETING

DEMO_STAFF = [
    # (username, group or None for a superuser)
    ("admin", None),
    ("editor", EDITORS),
    ("callcentre", CALL_CENTRE),
    ("marketing", MARKETING),
    ("doctor", DOCTORS),
]


class Command(BaseCommand):
    help = (
        "Load demo content: the clinic identity and each app's demo.py. Idempotent: content "
        "that exists is left as it is. With DJANGO_DEBUG on, also demo staff accounts for each "
        "role, with generated passwords printed once, and demo requests for the call centre."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only into a database with no articles yet (a fresh install, make serve): a "
            "site with content of its own is left as it is.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and apps.get_model("blog", "Article").objects.exists():
            self.stdout.write("The database has articles already: no demo content added.")
            return
        if settings.DEBUG:
            # First: the demo doctor's account answers a demo assessment request.
            self.create_demo_staff()
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is not None:
                    import_module(module_name).seed(stdout=self.stdout)
            # Last: a drawn picture for everything the apps seeded without one.
            demo_images.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if if_empty:
            self.stdout.write(
                self.style.WARNING(
                    "The database was empty, so it now has the demo content: edit or delete it "
                    "in the admin before the site goes public."
                )
            )

    def create_demo_staff(self):
        User = get_user_model()
        for username, role in DEMO_STAFF:
            if User.objects.filter(username=username).exists():
                self.stdout.write(
                    f"staff account {username!r} exists; its password is unchanged "
                    f"(manage.py changepassword {username})"
                )
                continue
            password = secrets.token_urlsafe(12)
            if role is None:
                User.objects.create_superuser(username, f"{username}@localhost", password)
            else:
                user = User.objects.create_user(
                    username, f"{username}@localhost", password, is_staff=True
                )
                user.groups.add(Group.objects.get(name=role))
            self.stdout.write(
                self.style.WARNING(
                    f"staff account {username!r} ({role or 'superuser'}), password: {password}"
                )
            )

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from clinic_site.bootstrap import OUTPUT, build


class Command(BaseCommand):
    help = (
        "Writes static/bootstrap/css/: Bootstrap's stylesheets from its package, trimmed to the "
        "classes our templates, code and form templates name (clinic_site/bootstrap.py). Run it "
        "after using a Bootstrap class no page used before, or after upgrading Bootstrap, and "
        "commit the result."
    )

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / OUTPUT
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in build().items():
            (folder / name).write_text(text)
            self.stdout.write(f"{OUTPUT / name}: {len(text.encode()):,} bytes.")

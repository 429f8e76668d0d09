from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic_site.catalogues import catalogue_problems


class Command(BaseCommand):
    help = (
        "Fails when a catalogue of one of the site's languages (LANGUAGES) has an untranslated "
        "or fuzzy entry, or a plural-forms header that is not its language's. Run "
        "`make messages-update` first to check that every string in the code is in them."
    )

    def handle(self, *args, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES]
        problems = catalogue_problems(locale_dir=locale_dir, languages=languages)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(problems)} translation problem(s). Translate them in the .po files "
                "(and remove each “#, fuzzy” line once the translation is checked)."
            )
        self.stdout.write(f"Catalogues complete: {', '.join(languages)}.")

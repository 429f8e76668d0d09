"""
The translation catalogues (``locale/<code>/LC_MESSAGES/django.po``) and what makes one
incomplete: an entry with no translation (or a plural form left empty), an entry marked fuzzy
(a guess by ``makemessages`` that no translator has confirmed), or a plural-forms header that
is not the language's. ``manage.py check_translations`` reports them; CI runs it after
``make messages-update``, so a string added to the code without its translations fails too.
"""

from dataclasses import dataclass
from pathlib import Path

import django
import polib
from django.utils.translation import to_locale

from clinic_site.settings.languages import SOURCE_LANGUAGE

DOMAINS = ("django", "djangojs")


@dataclass(frozen=True)
class Problem:
    catalogue: Path
    what: str
    msgid: str = ""

    def __str__(self):
        entry = f": {self.msgid[:70]!r}" if self.msgid else ""
        return f"{self.catalogue}: {self.what}{entry}"


def catalogue_paths(locale_dir: Path, language: str) -> list[Path]:
    """The catalogues of one language: django.po always, djangojs.po where there is one."""
    folder = locale_dir / to_locale(language) / "LC_MESSAGES"
    return [folder / "django.po", *(p for p in [folder / "djangojs.po"] if p.exists())]


def djangos_plural_forms(language: str) -> str | None:
    """The Plural-Forms header of Django's own catalogue for the language, if it has one."""
    path = Path(django.__file__).parent / "conf" / "locale" / to_locale(language)
    path = path / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return None
    return polib.pofile(str(path)).metadata.get("Plural-Forms")


def _normalized(plural_forms: str) -> str:
    return "".join(plural_forms.split()).rstrip(";")


def catalogue_problems(*, locale_dir: Path, languages: list[str]) -> list[Problem]:
    """Everything that keeps the catalogues of ``languages`` from being complete."""
    problems = []
    for language in languages:
        if language == SOURCE_LANGUAGE:
            continue
        for path in catalogue_paths(locale_dir, language):
            if not path.exists():
                problems.append(Problem(path, "no catalogue"))
                continue
            catalogue = polib.pofile(str(path))
            if catalogue.metadata_is_fuzzy:
                problems.append(Problem(path, "the header is marked fuzzy"))
            expected = djangos_plural_forms(language)
            found = catalogue.metadata.get("Plural-Forms", "")
            if expected and _normalized(found) != _normalized(expected):
                problems.append(
                    Problem(path, f"Plural-Forms is {found!r}, the language's is {expected!r}")
                )
            for entry in catalogue:
                if entry.obsolete:
                    continue
                if entry.fuzzy:
                    problems.append(Problem(path, "fuzzy", entry.msgid))
                elif not entry.translated():
                    problems.append(Problem(path, "untranslated", entry.msgid))
    return problems

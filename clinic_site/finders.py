"""
Bootstrap's stylesheets, found in the installed django-include-bootstrap package.

The package holds Bootstrap's whole dist folder: every CSS and JS variant with its source map,
44 files and 8.7 MB. The pages link one stylesheet, left-to-right or right-to-left, so this finder
offers only those two, at the ``bootstrap/css/`` address the templates use; ``collectstatic``
copies nothing else. Each comes with the source map its last line names: the manifest storage
refuses to collect a stylesheet whose map is missing, and browser tools read it.

The package is kept out of INSTALLED_APPS on purpose: as an app it would offer all its files
under ``css/`` and ``js/``, and a ``base.html`` of its own.
"""

from pathlib import Path

import django_include_bootstrap
from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder, searched_locations
from django.core.files.storage import FileSystemStorage

PREFIX = "bootstrap/css"
STYLESHEETS = ("bootstrap.min.css", "bootstrap.rtl.min.css")
FILES = (*STYLESHEETS, *(f"{name}.map" for name in STYLESHEETS))


class BootstrapFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = str(Path(django_include_bootstrap.__file__).parent / "static" / "css")
        self.storage = FileSystemStorage(location=self.location)
        self.storage.prefix = PREFIX

    def find(self, path, find_all=False):
        if self.location not in searched_locations:
            searched_locations.append(self.location)
        directory, _, name = path.rpartition("/")
        if directory != PREFIX or name not in FILES or not self.storage.exists(name):
            # [] and not None: finders.find() takes a None for a match, and the request fails.
            return []
        match = self.storage.path(name)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        for name in FILES:
            if not utils.matches_patterns(name, ignore_patterns or ()):
                yield name, self.storage

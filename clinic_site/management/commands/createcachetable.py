"""
Django's ``createcachetable``, creating the database cache's table in the database that holds
it: on SQLite, production's cache is a file of its own (the ``cache`` alias, see the settings),
which Django's command would leave without its table unless told ``--database cache``.
"""

from django.core.management.commands import createcachetable
from django.db import DEFAULT_DB_ALIAS, connections


class Command(createcachetable.Command):
    def handle(self, *tablenames, **options):
        # Each database the routers allow the table in; the others are passed by.
        asked = options["database"]
        for database in connections if asked == DEFAULT_DB_ALIAS else [asked]:
            super().handle(*tablenames, **{**options, "database": database})

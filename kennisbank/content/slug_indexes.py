"""Indexes on every language's slug column of Wagtail's page table.

Routing looks the page being served up by its slug in the reader's language
(``child_by_slug`` in kennisbank/content/routing.py). wagtail-modeltranslation adds those columns outside
Django's migrations, so their indexes are made here: by migration 0003 for the languages of
the day, and by ``manage.py index_slugs`` after a language is added (README).
"""

import contextlib
import io

from django.conf import settings
from django.core.management import call_command
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page


def _indexes(connection):
    """(index name, column), quoted, for every language's slug column."""
    quote = connection.ops.quote_name
    for code, _name in settings.LANGUAGES:
        column = build_localized_fieldname("slug", code)
        yield quote(f"kennisbank_page_{column}"), quote(column)


def create(connection):
    """Adds the translated columns modeltranslation has not added yet, then the missing
    indexes; does nothing that exists already."""
    with contextlib.redirect_stdout(io.StringIO()):  # the sync prints every statement it runs
        call_command("sync_page_translation_fields", interactive=False, verbosity=0)
    table = connection.ops.quote_name(Page._meta.db_table)
    with connection.cursor() as cursor:
        for index, column in _indexes(connection):
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({column})")


def drop(connection):
    with connection.cursor() as cursor:
        for index, _column in _indexes(connection):
            cursor.execute(f"DROP INDEX IF EXISTS {index}")

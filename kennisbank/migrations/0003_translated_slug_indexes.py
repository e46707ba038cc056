"""Index the per-language slug columns that routing looks a page up by.

wagtail-modeltranslation adds ``slug_nl``, ``slug_en``, ... to ``wagtailcore_page`` outside
Django's migrations, after they have run (its ``migrate`` calls
``sync_page_translation_fields``). This migration runs that sync first, so the columns exist on
a fresh database too (the later sync then finds nothing to do), and indexes them: finding an
attitude among 2 000 siblings then reads one row instead of about a thousand
(TranslatedPageMixin.child_by_slug; docs/benchmarks.md). A language added later gets its index
by running this migration's ``forwards`` again (it skips what exists).
"""

import contextlib
import io

from django.conf import settings
from django.core.management import call_command
from django.db import migrations
from modeltranslation.utils import build_localized_fieldname


def indexes(schema_editor):
    """(index name, column), quoted, for every language's slug column."""
    quote = schema_editor.quote_name
    for code, _name in settings.LANGUAGES:
        column = build_localized_fieldname("slug", code)
        yield quote(f"kennisbank_page_{column}"), quote(column)


def forwards(apps, schema_editor):
    with contextlib.redirect_stdout(io.StringIO()):  # the sync prints every statement it runs
        call_command("sync_page_translation_fields", interactive=False, verbosity=0)
    for index, column in indexes(schema_editor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON wagtailcore_page ({column})")


def backwards(apps, schema_editor):
    for index, _column in indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0002_moderation_workflow"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

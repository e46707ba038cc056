"""Index the per-language slug columns that routing looks a page up by (kennisbank/content/slug_indexes.py).

wagtail-modeltranslation adds ``slug_nl``, ``slug_en``, ... to ``wagtailcore_page`` outside
Django's migrations, after they have run (its ``migrate`` calls
``sync_page_translation_fields``). This migration runs that sync first, so the columns exist on
a fresh database too (the later sync then finds nothing to do), and indexes them: finding an
attitude among 2 000 siblings then reads one row instead of about a thousand.
"""

from django.db import migrations

from kennisbank.content import slug_indexes


def forwards(apps, schema_editor):
    slug_indexes.create(schema_editor.connection)


def backwards(apps, schema_editor):
    slug_indexes.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0002_moderation_workflow"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The content version in PostgreSQL (kennisbank/caching/version.py): a sequence, which a
change advances at once and without a lock, and a query reads with its rows. It starts from
the clock, as the shared cache's version does, so a database restored from a dump does not
bring back a version a worker kept its values under."""

import time

from django.db import migrations

SEQUENCE = "caching_content_version"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # elsewhere (SQLite) page views ask the shared cache, as other views do
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} START WITH {time.time_ns()}")
    schema_editor.execute(f"SELECT nextval('{SEQUENCE}')")  # last_value is the version from now on


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop)]

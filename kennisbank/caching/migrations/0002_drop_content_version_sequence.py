"""Page views read the content version from the shared cache like every other public request;
the database's copy (migration 0001) bought 3 % and cost a protocol (docs/benchmarks.md)."""

from importlib import import_module

from django.db import migrations

first = import_module("kennisbank.caching.migrations.0001_content_version_sequence")


class Migration(migrations.Migration):
    dependencies = [("caching", "0001_content_version_sequence")]
    operations = [migrations.RunPython(first.drop, first.create)]

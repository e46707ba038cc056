"""Prepare a database for the site, one line per step: the schema, the cache table, the Bouwstenen
content, the search index and the first admin.

The content is loaded and the index rebuilt only when what they are made from changed since they
were last made (a migration ran, or a hash of their sources differs from the one kept in
`Fingerprint`), so a second `make run` with nothing changed skips both. Loading is idempotent and
publishing keeps the index current, so skipping loses nothing. `make run` (kennisbank/setup/run.py)
and docker-compose's one-shot `setup` service run it.
"""

import contextlib
import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kennisbank.content import blocks, seed, seed_values, text
from kennisbank.setup.models import Fingerprint
from search import arabic, english, index


def fingerprint(files, *values):
    """A hash of the files' bytes and the values: what the result was made from."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(repr(values).encode())
    return digest.hexdigest()


def content_fingerprint():
    """The seed data files, the loader (and the values it writes), and the settings the loader
    writes into pages and the Site."""
    data = sorted(path for path in Path(seed.DATA).iterdir() if path.is_file())
    code = [Path(seed.__file__), Path(seed_values.__file__)]
    return fingerprint([*data, *code], settings.PUBLIC_ORIGIN, settings.LANGUAGES)


def index_fingerprint(content):
    """The index's code (the index, how it reads a page's text, how it spells Arabic and reads
    English negations) and configuration, and the content it indexes."""
    code = [Path(module.__file__) for module in (index, text, blocks, arabic, english)]
    return fingerprint(code, settings.SEARCH_CONFIGS, settings.LANGUAGES, content)


def is_current(name, value):
    return Fingerprint.objects.filter(name=name, value=value).exists()


def remember(name, value):
    Fingerprint.objects.update_or_create(name=name, defaults={"value": value})


class Command(BaseCommand):
    help = ("Migrate, create the cache table, load the Bouwstenen content and rebuild the search index "
            "when their sources changed, and create the first admin (DJANGO_SUPERUSER_* or a generated password).")

    def handle(self, *args, **options):
        migrated = self.migrate()
        call_command("createcachetable")  # only for a database cache (production without Redis)

        content = content_fingerprint()
        loaded = migrated or not is_current("content", content)
        if loaded:
            call_command("load_bouwstenen", stdout=self.stdout)
            remember("content", content)
        else:
            self.stdout.write("Bouwstenen content: as loaded before (its data files and loader are unchanged).")

        search = index_fingerprint(content)
        if loaded or not is_current("search index", search):
            call_command("rebuild_search_index", stdout=self.stdout)
            remember("search index", search)
        else:
            self.stdout.write("Search index: current (publishing keeps it so).")

        call_command("create_local_admin", stdout=self.stdout)

    def migrate(self):
        """Apply what is missing; True when anything was. wagtail-modeltranslation's migrate also
        prints its own findings with print(), which are kept out of the one line."""
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        with contextlib.redirect_stdout(io.StringIO()):
            call_command("migrate", interactive=False, verbosity=0)
        if pending:
            self.stdout.write(f"Database schema: {len(pending)} migration(s) applied.")
        else:
            self.stdout.write("Database schema: up to date.")
        return bool(pending)

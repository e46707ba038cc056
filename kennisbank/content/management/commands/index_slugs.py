"""Index the slug column of every language in LANGUAGES (after adding a language; README)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from kennisbank.content import slug_indexes


class Command(BaseCommand):
    help = "Create the missing indexes on wagtailcore_page's per-language slug columns."

    def handle(self, *args, **options):
        slug_indexes.create(connection)
        self.stdout.write("Slug columns indexed for: " + ", ".join(code for code, _ in settings.LANGUAGES))

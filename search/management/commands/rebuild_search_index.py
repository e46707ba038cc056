from django.core.management.base import BaseCommand

from search.dialect import load_everyday_words
from search.index import rebuild


class Command(BaseCommand):
    help = ("Rebuild the per-language search index from every live page, and add the everyday words "
            "of the data file that are not on the editors' list yet (search/dialect.py).")

    def handle(self, *args, **options):
        words = load_everyday_words()
        count = rebuild()
        self.stdout.write(f"Search index rebuilt: {count} entries; everyday words: {words} added.")

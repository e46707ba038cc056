from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kennisbank.content.seed import DATA, SeedError, load


class Command(BaseCommand):
    help = ("Create the Bouwstenen pages that do not exist yet and fill the fields that are empty or "
            "still hold what this command wrote before; editors' changes are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA / "bouwstenen.json"), help="JSON data file to load.")

    def handle(self, *args, file, **options):
        # Pages made by Wagtail's own migrations predate the translated columns.
        call_command("update_translation_fields", verbosity=0)
        try:
            with transaction.atomic():
                report = load(file)
        except SeedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())

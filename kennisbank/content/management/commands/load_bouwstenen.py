from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kennisbank.content.seed import DATA, SeedError, load, remember_file


class Command(BaseCommand):
    help = ("Create the Bouwstenen pages that do not exist yet and fill the fields that are empty or "
            "still hold what this command wrote before; editors' changes are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA / "bouwstenen.json"), help="JSON data file to load.")
        parser.add_argument(
            "--remember", metavar="OLD_FILE",
            help=("Instead of loading: record in data/previous.json what OLD_FILE (an earlier version of "
                  "the data file) wrote wherever --file now says something else, so that loading "
                  "replaces those texts in databases seeded with OLD_FILE."))
        parser.add_argument(
            "--remember-situations", metavar="OLD_SITUATIONS",
            help="With --remember: that version's situations file, so changed situations are replaced too.")

    def handle(self, *args, file, remember=None, remember_situations=None, **options):
        try:
            if remember:
                added = remember_file(remember, file, old_situations_file=remember_situations)
                self.stdout.write(f"{added} earlier value(s) added to {DATA / 'previous.json'}.")
                return
            # Pages made by Wagtail's own migrations predate the translated columns.
            call_command("update_translation_fields", verbosity=0)
            with transaction.atomic():
                report = load(file)
        except SeedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kennisbank.translators.po_files import TranslationFileError, import_po


class Command(BaseCommand):
    help = "Import a translated PO file as new page revisions (not published: review them first)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The translated PO file.")
        parser.add_argument("--language", help="Refuse the file unless it is for this language.")

    def handle(self, *args, file, language=None, **options):
        try:
            content = Path(file).read_bytes()
            changes = import_po(content, expected_language=language)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except TranslationFileError as error:
            raise CommandError(str(error)) from error
        for change in changes:
            state = "changed" if change.changed else "unchanged"
            self.stdout.write(f"{state}: {change.key}")
        changed = sum(change.changed for change in changes)
        self.stdout.write(f"{changed} of {len(changes)} entries changed; saved as drafts for review.")

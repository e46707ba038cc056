from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kennisbank.translators.po_files import TranslationFileError
from kennisbank.translators.po_import import import_po


class Command(BaseCommand):
    help = "Import a translated PO file as new page revisions (not published: review them first)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The translated PO file.")
        parser.add_argument("--language", help="Refuse the file unless it is for this language.")
        parser.add_argument("--overwrite", action="store_true",
                            help="Import entries changed on the site after the file was exported too.")

    def handle(self, *args, file, language=None, overwrite=False, **options):
        try:
            content = Path(file).read_bytes()
            imported = import_po(content, expected_language=language, overwrite=overwrite)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except TranslationFileError as error:
            raise CommandError(str(error)) from error
        for change in imported.changes:
            state = "refused" if change.refused else "changed" if change.changed else "unchanged"
            self.stdout.write(f"{state}: {change.key}" + (f": {change.refused}" if change.refused else ""))
        self.stdout.write(f"{len(imported.changed)} of {len(imported.changes)} entries changed; saved as drafts "
                          f"for review. {len(imported.refused)} refused, {imported.left_empty} left empty (unchanged).")

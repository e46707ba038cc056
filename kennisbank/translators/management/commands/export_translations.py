from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kennisbank.translators.po_files import TranslationFileError, export_po


class Command(BaseCommand):
    help = "Write every reader-visible field for one language as a PO file (source: Dutch)."

    def add_arguments(self, parser):
        parser.add_argument("language", help="Target language code, e.g. en or ar.")
        parser.add_argument("--output", help="File to write (default: translations-LANG.po).")

    def handle(self, *args, language, output=None, **options):
        try:
            po = export_po(language)
        except TranslationFileError as error:
            raise CommandError(str(error)) from error
        path = Path(output or f"translations-{language}.po")
        po.save(str(path))
        translated = len(po.translated_entries())
        self.stdout.write(f"Wrote {path}: {len(po)} entries, {translated} already translated.")

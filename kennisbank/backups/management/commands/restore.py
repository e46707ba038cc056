from django.core.management.base import BaseCommand, CommandError

from kennisbank.backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into the site's database and media folder, "
            "which must both be empty (kennisbank/backups/archive.py).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup: kennisbank-<date>.tar")

    def handle(self, *args, file, **options):
        try:
            restored = restore_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file}: {restored['tables']} tables and {restored['media_files']} "
                          "uploaded files. Then run `python manage.py migrate --noinput` if this code is newer.")

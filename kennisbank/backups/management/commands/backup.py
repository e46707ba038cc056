from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kennisbank.backups.archive import BackupError, make_backup


class Command(BaseCommand):
    help = ("Back up the database (pg_dump's custom format) and the uploaded files into one dated file, "
            "kennisbank-<date>.tar (kennisbank/backups/archive.py).")

    def add_arguments(self, parser):
        parser.add_argument("--output", default=settings.BACKUP_DIR,
                            help="The folder to write it to (default: BACKUP_DIR, %(default)s).")
        parser.add_argument("--keep", type=int, metavar="N",
                            help="Afterwards, leave only the newest N backups in that folder.")

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep needs 1 or more: the backup just made is always kept.")
        try:
            path, about = make_backup(output, keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup: {path} ({path.stat().st_size / 1e6:.1f} MB: the database "
                          f"{about['database']} and {about['media_files']} uploaded files).")

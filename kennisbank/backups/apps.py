from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backups of the database and the uploaded files, and restoring one (`make backup`,
    `make restore`); no models."""

    name = "kennisbank.backups"
    label = "backups"
    verbose_name = "Backups"

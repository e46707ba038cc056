from django.apps import AppConfig


class SetupConfig(AppConfig):
    """Holds what the content and the search index were last made from (models.Fingerprint)."""

    name = "kennisbank.setup"
    label = "kennisbank_setup"
    verbose_name = "Site setup"  # never shown: nothing of it is in the admin
    default_auto_field = "django.db.models.BigAutoField"

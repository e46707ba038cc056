from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslatorsConfig(AppConfig):
    """Translator tooling: PO files per language, the translation report and their admin views."""

    name = "kennisbank.translators"
    label = "translators"
    verbose_name = _("Translator tools")

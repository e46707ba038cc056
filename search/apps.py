from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "kennisbank_search"
    verbose_name = _("Knowledge base search")

    def ready(self):
        from . import signals  # noqa: F401 - connects the index to publishing

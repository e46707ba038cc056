from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """The knowledge base's content: page types, StreamField blocks, translations, seed data.

    Its label stays "kennisbank" (the app's name before the project package was split), so
    tables and migrations keep their names.
    """

    name = "kennisbank.content"
    label = "kennisbank"
    verbose_name = _("Knowledge base")

    def ready(self):
        from wagtail.models import get_page_models

        from . import mail, redirects, routing
        from .models import TranslatedPageMixin

        pages = [model for model in get_page_models() if issubclass(model, TranslatedPageMixin)]
        routing.install(pages)
        redirects.connect(pages)
        mail.connect()

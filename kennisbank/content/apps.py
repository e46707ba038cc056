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
        from home.models import HomePage

        from . import redirects
        from .models import AttitudePage, BlockPage, TranslatedPageMixin

        # wagtail_modeltranslation (ready earlier) gave every page its own route(), which loads
        # all children to compare slugs; ours asks the database for the one slug.
        for model in (HomePage, BlockPage, AttitudePage):
            model.route = TranslatedPageMixin.route_by_slug
        redirects.connect([HomePage, BlockPage, AttitudePage])

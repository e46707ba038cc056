from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisbankConfig(AppConfig):
    name = "kennisbank"
    verbose_name = _("Knowledge base")

    def ready(self):
        from home.models import HomePage

        from . import cache, redirects, worker_cache  # noqa: F401 - they connect invalidation to publishing
        from .models import AttitudePage, BlockPage, TranslatedPageMixin

        # wagtail_modeltranslation (ready earlier) gave every page its own route(), which loads
        # all children to compare slugs; ours asks the database for the one slug.
        for model in (HomePage, BlockPage, AttitudePage):
            model.route = TranslatedPageMixin.route_by_slug
        redirects.connect([HomePage, BlockPage, AttitudePage])

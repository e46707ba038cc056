"""What every public page knows about its languages.

Fields are translated with modeltranslation (``title_nl``, ``title_en``, ...). A reader in
English sees the Dutch text where the English is empty; templates need to know *which* fields
fell back so they can mark them ``lang="nl"`` and show a notice.
"""

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def is_empty(value):
    """A translation is missing when it holds no text (an empty StreamField counts as empty)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return len(value) == 0


class TranslatedPageMixin:
    # Reader-visible translated fields, in the order a translator would meet them.
    translated_fields = ("title", "seo_title", "search_description", "slug")

    def untranslated_fields(self, language=None):
        """Names of fields shown in the source language because `language` has no text."""
        language = language or translation.get_language()
        if language == SOURCE_LANGUAGE:
            return []
        return [
            name
            for name in self.translated_fields
            if is_empty(getattr(self, build_localized_fieldname(name, language)))
            and not is_empty(getattr(self, build_localized_fieldname(name, SOURCE_LANGUAGE)))
        ]

    def language_links(self, request=None):
        """The same page in every language: the switcher and hreflang links use this."""
        links = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                links.append({"code": code, "name": name, "url": self.get_url(request)})
        return links

    def breadcrumbs(self):
        """From the home page down to this page (the tree root above home is not a page readers see)."""
        return [
            {"title": page.title, "url": page.get_url()}
            for page in self.get_ancestors(inclusive=True).filter(depth__gte=2)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["untranslated"] = self.untranslated_fields()
        context["language_links"] = self.language_links(request)
        return context

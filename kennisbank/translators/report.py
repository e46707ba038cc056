"""The state of every page's translation, per language, for the editors' dashboard."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from kennisbank.languages import SOURCE_LANGUAGE, target_languages

COMPLETE = "complete"
MISSING = "missing"


@dataclass
class TranslationRow:
    page: Page
    language: str
    missing: list = field(default_factory=list)

    @property
    def title(self):
        return getattr(self.page, f"title_{SOURCE_LANGUAGE}")

    @property
    def state(self):
        return MISSING if self.missing else COMPLETE

    @property
    def state_label(self):
        return _("Missing") if self.missing else _("Complete")

    @property
    def missing_fields(self):
        return ", ".join(self.missing)

    @property
    def page_type(self):
        return self.page._meta.verbose_name



def translation_rows(pages, languages=None):
    """One row per page and target language, naming the fields that have no translation."""
    languages = languages or target_languages()
    return [
        TranslationRow(page, language, page.untranslated_fields(language))
        for page in pages
        for language in languages
    ]

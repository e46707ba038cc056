"""The state of every page's translation, per language, for the editors' dashboard."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kennisbank.content.report_rows import PageLanguageRow
from kennisbank.languages import target_languages


@dataclass
class TranslationRow(PageLanguageRow):
    missing: list = field(default_factory=list)

    @property
    def state(self):
        return _("Missing") if self.missing else _("Complete")

    @property
    def missing_fields(self):
        """The fields without translation by the label an editor sees in the edit form."""
        return ", ".join(capfirst(str(self.page._meta.get_field(name).verbose_name)) for name in self.missing)

    @property
    def edit_url(self):
        """The page's edit form with this language's fields shown (kennisbank_admin/editor.js)."""
        return f"{reverse('wagtailadmin_pages:edit', args=[self.page.id])}#language-{self.language}"


def translation_rows(pages, languages=None):
    """One row per page and target language, naming the fields that have no translation."""
    languages = languages or target_languages()
    return [
        TranslationRow(page, language, page.untranslated_fields(language))
        for page in pages
        for language in languages
    ]

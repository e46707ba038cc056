"""What the editors' reports have in common: a row about one page in one language (reviews due,
translations, reader feedback)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.text import capfirst
from wagtail.models import Page

from kennisbank.languages import SOURCE_LANGUAGE, localized


@dataclass
class PageLanguageRow:
    page: Page
    language: str

    @property
    def pk(self):
        return self.page.pk  # the edit link (TitleColumn) reverses with it

    @property
    def title(self):
        """The Dutch title: editors know the pages by it, whatever the row's language."""
        return getattr(self.page, localized("title", SOURCE_LANGUAGE))

    @property
    def language_name(self):
        return dict(settings.LANGUAGES).get(self.language, self.language)

    @property
    def page_type(self):
        return capfirst(str(self.page._meta.verbose_name))


def exported(columns, renamed=None):
    """A report's export (``list_export``, ``export_headings``): the columns on screen under the
    same headings; `renamed` exports a column's value under another attribute (a code instead
    of its label)."""
    renamed = renamed or {}
    names = [renamed.get(column.name, column.name) for column in columns]
    return names, {name: column.label for name, column in zip(names, columns, strict=True)}

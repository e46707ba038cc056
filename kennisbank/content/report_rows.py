"""What the editors' reports have in common: a row about one page in one language (reviews due,
translations, reader feedback)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.text import capfirst
from wagtail.models import Page

from kennisbank.core.languages import SOURCE_LANGUAGE, localized


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
        return language_name(self.language)

    @property
    def page_type(self):
        return capfirst(str(self.page._meta.verbose_name))


def language_name(code):
    """A language as editors know it ("العربية", not "ar")."""
    return dict(settings.LANGUAGES).get(code, code)


class ExcelFriendlyCsv:
    """A report's CSV starts with a byte-order mark: without one, Excel reads UTF-8 as the
    system's code page and Arabic (and é, ë) comes out garbled."""

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)


def exported(columns, renamed=None):
    """A report's export (``list_export``, ``export_headings``): the columns on screen under the
    same headings; `renamed` exports a column's value under another attribute (a code instead
    of its label)."""
    renamed = renamed or {}
    names = [renamed.get(column.name, column.name) for column in columns]
    return names, {name: column.label for name, column in zip(names, columns, strict=True)}

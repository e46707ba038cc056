"""The state of every page's translation, per language, for the editors' dashboard."""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kennisbank.content.report_rows import PageLanguageRow
from kennisbank.content.terminology import findings_by_page
from kennisbank.core.languages import target_languages


class TermFindings:
    """The terminology check's findings for the report's pages, made when a row first asks:
    the dashboard's count of incomplete translations does not need them."""

    def __init__(self, pages):
        self.pages = pages

    @cached_property
    def by_page(self):
        return findings_by_page(self.pages)


@dataclass
class TranslationRow(PageLanguageRow):
    missing: list = field(default_factory=list)
    term_check: TermFindings = None

    @property
    def state(self):
        return _("Missing") if self.missing else _("Complete")

    @property
    def missing_fields(self):
        """The fields without translation by the label an editor sees in the edit form."""
        return ", ".join(capfirst(str(self.page._meta.get_field(name).verbose_name)) for name in self.missing)

    @property
    def term_findings(self):
        """What the terminology check (docs/glossary.md) finds in this language's texts."""
        findings = self.term_check.by_page.get((self.page.pk, self.language), []) if self.term_check else []
        return "; ".join(f"{capfirst(self.field_label(finding.field))}: {finding.problem}" for finding in findings)

    def field_label(self, column):
        name = column.rsplit("_", 1)[0]
        return str(self.page._meta.get_field(name).verbose_name)

    @property
    def edit_url(self):
        """The page's edit form with this language's fields shown (kennisbank_admin/editor.js)."""
        return f"{super().edit_url}#language-{self.language}"


def translation_rows(pages, languages=None):
    """One row per page and target language, naming the fields that have no translation and
    what the terminology check finds."""
    languages = languages or target_languages()
    pages = list(pages)
    term_check = TermFindings(pages)
    return [
        TranslationRow(page, language, page.untranslated_fields(language), term_check)
        for page in pages
        for language in languages
    ]

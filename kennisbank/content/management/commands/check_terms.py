from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from kennisbank.content.models import AttitudePage
from kennisbank.content.terminology import GlossaryError, check, page_texts, read_glossary
from kennisbank.core.languages import SOURCE_LANGUAGE, language_codes, localized


def label(page):
    """A page as editors know it: an attitude's key and Dutch title, otherwise its Dutch title."""
    title = getattr(page, localized("title", SOURCE_LANGUAGE))
    return f"{page.seed_key} {title}" if isinstance(page, AttitudePage) and page.seed_key else title


class Command(BaseCommand):
    help = ("Check the pages' texts against docs/glossary.md: renderings to avoid, one quotation-mark "
            "style per language, tanween in Arabic. Lists each finding by page and field; fails when "
            "there is any.")

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=language_codes(), help="Only this language's texts.")

    def handle(self, *args, language=None, **options):
        try:
            glossary = read_glossary()
        except GlossaryError as error:
            raise CommandError(str(error)) from error
        pages = {page.pk: page for page in Page.objects.filter(depth__gte=2).order_by("path").specific()}
        texts = [text for page in pages.values() for text in page_texts(page)
                 if language is None or text[2] == language]
        findings = check(texts, glossary)
        for finding in findings:
            self.stdout.write(f"{label(pages[finding.where])} · {finding.field}: {finding.problem}")
        if findings:
            raise CommandError(f"{len(findings)} finding(s) in {len({f.where for f in findings})} page(s).")
        self.stdout.write(f"No findings in {len(pages)} page(s).")

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from kennisbank.caching.worker import worker_cache
from kennisbank.content.blocks import ThemeBlock, missing_parts
from kennisbank.core.languages import SOURCE_LANGUAGE, localized

from .access import public
from .attitude_page import AttitudePage
from .base import LINK_FIELDS, TranslatedPageMixin
from .block_page import BlockPage
from .review import ReviewedPage

THEME_TEXTS = ("heading", "text")


def page_ids(items):
    """The page ids of a ListBlock of page choosers as stored (plain ids or {"value": id})."""
    ids = [item.get("value") if isinstance(item, dict) else item for item in items or []]
    return [page_id for page_id in ids if isinstance(page_id, int)]


def themes_shown(own, source):
    """The themes a reader sees: the translation's, each empty heading or text (or a theme the
    translation lacks) filled from the Dutch theme at the same place and named in
    ``untranslated``; the attitudes chosen in Dutch unless the translation chose its own."""
    own_data = list(own.raw_data) if own else []
    source_data = list(source.raw_data) if source else []
    missing = missing_parts(own_data, source_data)
    themes = []
    for index in range(max(len(own_data), len(source_data))):
        mine = own_data[index]["value"] if index < len(own_data) else {}
        dutch = source_data[index]["value"] if index < len(source_data) else {}
        untranslated = missing[index] if index < len(missing) else []
        theme = {name: (dutch if name in untranslated else mine).get(name) or "" for name in THEME_TEXTS}
        theme["untranslated"] = untranslated
        theme["attitude_ids"] = page_ids(mine.get("attitudes")) or page_ids(dutch.get("attitudes"))
        themes.append(theme)
    return themes


class SituationFinderPage(ReviewedPage, TranslatedPageMixin, Page):
    """Starts from what a reader sees at home ("Mijn kind slaapt slecht") and leads to the
    attitudes that help, each with its building block. Editors curate the themes; the page
    makes no diagnosis and says that it is the site's guidance, not the model author's."""

    introduction = models.TextField(_("introduction"), blank=True)
    themes = StreamField([("theme", ThemeBlock())], blank=True, verbose_name=_("themes"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"), FieldPanel("themes"), ReviewedPage.review_panel,
    ]

    lists_pages_anywhere = True  # purged when any attitude or block changes (base.pages_to_purge)
    # One finder, on the home page, holding no pages of its own.
    parent_page_types = ["home.HomePage"]
    max_count = 1
    subpage_types = []

    class Meta:
        verbose_name = _("situation finder")
        verbose_name_plural = _("situation finders")

    def get_context(self, request, *args, **kwargs):
        """The themes with their attitudes' titles, blocks and addresses in the reader's language,
        kept per worker for readers until content changes (the content version goes up when
        any attitude or block is published, and those purge this page: lists_pages_anywhere)."""
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language()
        key = ("finder-themes", self.pk, language)
        context["themes"] = worker_cache.get_for_reader(request, key, lambda: self.themes_with_links(request))
        return context

    def themes_with_links(self, request):
        themes = themes_shown(getattr(self, localized("themes", translation.get_language())),
                              getattr(self, localized("themes", SOURCE_LANGUAGE)))
        links = attitude_links([page_id for theme in themes for page_id in theme["attitude_ids"]], request)
        for theme in themes:
            theme["attitudes"] = [links[page_id] for page_id in theme.pop("attitude_ids") if page_id in links]
        return themes


def attitude_links(ids, request):
    """{id: title, URL and block} of the live, public attitudes among `ids`: two queries."""
    if not ids:
        return {}
    blocks = {block.path: block for block in BlockPage.objects.live().only(*LINK_FIELDS, "number")}
    links = {}
    for page in public(AttitudePage.objects.live().filter(id__in=ids)).only(*LINK_FIELDS):
        block = blocks.get(page.path[: -page.steplen])
        if block is not None:
            links[page.id] = {"title": page.title, "url": page.get_url(request),
                              "block_number": block.number, "block_title": block.title}
    return links


def finder_link(request):
    """The situation finder's title and address in the reader's language, or None when it is not
    live and public: for the home page and the search page. Kept per worker until content
    changes."""

    def load():
        page = public(SituationFinderPage.objects.live()).only(*LINK_FIELDS).first()
        return page and {"title": page.title, "url": page.get_url(request)}

    # Keyed by host like every link kept (the search page is not a page, so not get_for_reader).
    return worker_cache.get(("finder-link", translation.get_language(), request.get_host()), load)

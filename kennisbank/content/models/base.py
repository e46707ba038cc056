"""What every page of the knowledge base knows about its languages and its place in the tree.

A reader in English sees the Dutch text where the English is empty (modeltranslation's
fallback); templates need to know *which* fields fell back, so they can mark them `lang="nl"`
and say so.
"""

from django.utils import translation
from wagtail.blocks import StreamValue
from wagtail.models import Page, get_page_models

from kennisbank.caching.worker import worker_cache
from kennisbank.content.blocks import missing_parts
from kennisbank.content.page_form import TranslatedPageForm
from kennisbank.content.text import plain_text, shorten
from kennisbank.core.languages import SOURCE_LANGUAGE, is_empty, language_link, localized, page_urls, translated_fields

from .access import RestrictedPageMixin
from .previews import PreviewInLanguageMixin

# What a link to another page needs (its title and, for its URL, its url_path in the reader's
# language): loading only these keeps the wide translated rows out of link queries.
LINK_FIELDS = ("path", "depth", "title", "url_path")
# What search engines show of a description before they cut it themselves, mid-word.
META_DESCRIPTION_LENGTH = 160


class TranslatedPageMixin(RestrictedPageMixin, PreviewInLanguageMixin):
    base_form_class = TranslatedPageForm
    # Translated fields a reader never sees (url_path is derived from the slugs).
    hidden_translated_fields = ("url_path",)

    @classmethod
    def reader_fields(cls):
        """The translated fields a reader sees, from the modeltranslation registration, in the
        order a translator meets them."""
        return tuple(name for name in translated_fields(cls) if name not in cls.hidden_translated_fields)

    def untranslated_fields(self, language=None):
        """Names of fields shown (wholly or partly) in Dutch because `language` has no text:
        an example or exercise counts when any of its text parts is missing."""
        language = language or translation.get_language()
        if language == SOURCE_LANGUAGE:
            return []
        names = []
        for name in self.reader_fields():
            value, source = getattr(self, localized(name, language)), getattr(self, localized(name, SOURCE_LANGUAGE))
            if isinstance(source, StreamValue):
                if any(missing_parts(list(value.raw_data) if value else [], list(source.raw_data))):
                    names.append(name)
            elif is_empty(value) and not is_empty(source):
                names.append(name)
        return names

    def language_links(self, request=None):
        """The same page in every language, for the switcher and the hreflang links; for a page
        served to a reader (not a preview), kept per worker until content changes."""
        from django.conf import settings

        def load():
            urls = page_urls(self, request)
            return [language_link(code, name, urls[code]) for code, name in settings.LANGUAGES]

        return worker_cache.get_for_reader(request, ("language-links", self.pk), load)

    def meta_description(self):
        """What search engines show under the title: the editors' SEO description, else the
        summary, else the start of the introduction, else the goal."""
        for name in ("search_description", "summary", "introduction", "goal"):
            text = plain_text(getattr(self, name, ""))
            if text:
                return shorten(text, META_DESCRIPTION_LENGTH)
        return ""

    def get_sitemap_urls(self, request=None):
        """One entry per language, each naming every language's URL (hreflang alternates)."""
        urls = page_urls(self, request, full=True)
        alternates = [{"lang_code": code, "location": url} for code, url in urls.items()]
        alternates.append({"lang_code": "x-default", "location": urls[SOURCE_LANGUAGE]})
        lastmod = self.last_published_at or self.latest_revision_created_at
        return [{"location": url, "lastmod": lastmod, "alternates": alternates} for url in urls.values()]

    def breadcrumbs(self, request=None):
        """From the home page down to this page, which is shown but not linked (no URL).

        Routing already walked this path (``route_parent``), so no query is needed; a page
        reached another way (preview) asks the tree. The links above the page are the same for
        every child of its parent: kept per worker until content changes.
        """
        chain, page = [], self
        while page is not None and page.depth >= 2:
            chain.insert(0, page)
            page = getattr(page, "route_parent", None)
        if chain[0].depth != 2:
            chain = list(self.get_ancestors(inclusive=True).filter(depth__gte=2))
        *ancestors, current = chain

        def links():
            return [{"title": page.title, "url": page.get_url(request)} for page in ancestors]

        above = worker_cache.get_for_reader(request, ("breadcrumbs", ancestors[-1].pk, translation.get_language()),
                                            links) if ancestors else []
        return [*above, {"title": current.title, "url": None}]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["untranslated"] = self.untranslated_fields()
        context["language_links"] = self.language_links(request)
        context["breadcrumbs"] = self.breadcrumbs(request)
        # Stripping the tags of a block's introduction costs more than the rest of the <head>.
        key = ("meta-description", self.pk, translation.get_language())
        context["meta_description"] = worker_cache.get_for_reader(request, key, self.meta_description)
        return context

    # Shown on every page (the home page in breadcrumbs, standing pages in the footer): a change
    # purges the whole site from the HTTP cache (kennisbank/caching/purge.py).
    purges_whole_site = False
    # Lists pages from all over the tree with their titles and blocks (the situation finder): a
    # change to any page purges it.
    lists_pages_anywhere = False

    def pages_to_purge(self):
        """The pages whose HTML shows this one: itself and everything below it (breadcrumbs),
        its ancestors (their lists), its neighbours (previous/next links) and the pages that list
        pages anywhere in the tree."""
        neighbours = [self.get_prev_siblings().first(), self.get_next_siblings().first()]
        listing = [model for model in get_page_models() if getattr(model, "lists_pages_anywhere", False)]
        return [
            *Page.objects.descendant_of(self, inclusive=True),
            *self.get_ancestors().filter(depth__gte=2),
            *(page for page in neighbours if page is not None),
            *(Page.objects.type(*listing).exclude(id=self.id) if listing else []),
        ]


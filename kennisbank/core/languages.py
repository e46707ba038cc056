"""The site's languages, and the one place that knows how a translated field is stored.

Fields are translated with modeltranslation (``title_nl``, ``title_en``, ...). Dutch is the
source: an empty translation falls back to it. Used by the pages, the caches, search, the API
and the translator tools, so none of them spells ``<field>_<language>`` by hand.
"""

import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def target_languages():
    """The languages translated from Dutch."""
    return [code for code in language_codes() if code != SOURCE_LANGUAGE]


def localized(field, language):
    """The column holding `field` in `language`: localized("title", "ar") == "title_ar"."""
    return build_localized_fieldname(field, language)


def reading_columns(field, language):
    """The columns modeltranslation reads for `field` in `language`: its own, then the fallback
    languages'. A query loading only some fields loads these, so reading the field needs no
    second query."""
    return [localized(field, code) for code in resolution_order(language)]


def translated_fields(model):
    """The fields of `model` registered for translation, in the model's own field order (a
    page's title and slug come first, then its own fields as declared)."""
    registered = translator.get_options_for_model(model).all_fields
    return tuple(field.name for field in model._meta.get_fields() if field.name in registered)


def is_empty(value):
    """A translation is missing when it holds no text (an empty StreamField counts as empty)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return len(value) == 0


def page_urls(page, request=None, full=False):
    """This page in every language: {code: URL}, with each language's translated slugs. The
    language switcher, hreflang links, the sitemap, the API and the cache purge all use it."""
    urls = {}
    for code in language_codes():
        with translation.override(code):
            urls[code] = page.get_full_url(request) if full else page.get_url(request)
    return urls


# Open Graph names a language with a region (og:locale); these are the names Facebook's list
# uses. Another language gets "xx_XX" unless it is named here.
OG_LOCALES = {"en": "en_GB", "ar": "ar_AR"}


def og_locale(code):
    return OG_LOCALES.get(code, f"{code}_{code.upper()}")


def language_link(code, name, url):
    """A link of the language switcher and the hreflang links. `next` is the URL as the
    switcher's ``?next=`` carries it, percent-encoded once when the link is made (pages keep
    their links per worker) rather than on every render."""
    return {"code": code, "name": name, "url": url, "next": quote(url, safe="/")}


def routing_key():
    """What a URL built from a name or a path depends on besides the active language: the URL
    patterns in use and the prefix the site is served under. Part of the key of every URL
    kept per process (path_in_language, and the templates' url())."""
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@functools.lru_cache(maxsize=4096)
def _translated_path(path, code, _routing):
    return translate_url(path, code)


def path_in_language(path, code):
    """Django's translate_url for a path of this site, kept per process: a view that is not a
    page (search, errors) otherwise resolves and reverses its path once per language on every
    view. Bounded, as 404s bring any path."""
    return _translated_path(path, code, routing_key())

"""The Jinja2 environment of the public templates (`<app>/jinja2/`).

Every uncached page view renders one of them, and Django's template language spent more time
per page than everything else together (docs/benchmarks.md); Jinja2 compiles templates to
Python. The admin's templates stay Django templates (`<app>/templates/`).

Interface text is written `_("...")`, so `makemessages` still finds it; texts with plurals
are built in Python (ngettext), where it finds them too.
"""

import functools
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import Environment, pass_context
from markupsafe import Markup, escape
from wagtail.rich_text import RichText, expand_db_html

from kennisbank.core.languages import SOURCE_LANGUAGE, og_locale, routing_key

# Dutch names that English and Arabic texts keep in Dutch (docs/glossary.md): marked lang="nl" on
# those pages, so a screen reader says them with a Dutch voice (WCAG 3.1.2) and an Arabic line
# keeps them left to right. Longest first, so "huisartsenpost" is not read as "huisarts".
DUTCH_NAMES = (
    "Truus Bakker-van Zeil", "Bouwstenenmodel", "Bouwstenen kennisbank", "Bouwstenenkennisbank",
    "orthopedagoog", "Veilig Thuis", "De Kindertelefoon", "Kindertelefoon", "113 Zelfmoordpreventie",
    "huisartsenpost", "huisarts", "consultatiebureau", "wijkteam", "jeugdteam",
    "Centrum voor Jeugd en Gezin", "CJG", "jeugdarts", "intern begeleider", "pleegzorgbegeleider",
)
_DUTCH_NAME = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(name) for name in sorted(DUTCH_NAMES, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_TAG = re.compile(r"(<[^>]*>)")


@pass_context
def lang_attr(context, field_name):
    """` lang="nl" dir="ltr"` on an element whose text fell back to Dutch, so screen readers
    pronounce it right and an Arabic page lays it out left to right."""
    if field_name in context.get("untranslated", ()):
        return Markup(' lang="{}" dir="ltr"').format(SOURCE_LANGUAGE)
    return ""


@functools.lru_cache(maxsize=256)
def static_url(path):
    """A static file's URL (with its content hash in production). The manifest is read once
    per process, so the answer never changes while it runs; every page asks for four."""
    return static(path)


@functools.lru_cache(maxsize=4096)
def _reverse(name, args, _language, _routing):
    return reverse(name, args=args)


def url(name, args=()):
    """Django's reverse() for templates, kept per process by name, arguments, language (the
    URL's language prefix) and routing_key: a page asks for six (search, suggestions, the
    language switcher's three, feedback), always the same."""
    return _reverse(name, tuple(args), translation.get_language(), routing_key())


def mark_dutch_names(html):
    """`html` with the Dutch names in its text (not in its tags) marked lang="nl", on pages in
    another language."""
    if translation.get_language() == SOURCE_LANGUAGE or not _DUTCH_NAME.search(html):
        return Markup(html)
    marked = r'<span lang="nl" dir="ltr">\1</span>'
    return Markup("".join(part if part.startswith("<") else _DUTCH_NAME.sub(marked, part) for part in _TAG.split(html)))


def dutch_names(text):
    """The template filter for plain text (an interface string, a summary): escaped, then marked."""
    return mark_dutch_names(text if isinstance(text, Markup) else escape(text))


def richtext(value):
    """Rich text (a RichTextField's string or a StreamField's RichText) as HTML for Jinja2.

    Wagtail's Django-template filter returns whatever its richtext template renders, a plain
    ``str`` when that template is a Jinja2 one, which Jinja2 then escapes: readers saw ``<p>``.
    Expanding here and returning ``Markup`` is what that template does, without rendering it.
    """
    source = value.source if isinstance(value, RichText) else str(value or "")
    return mark_dutch_names(expand_db_html(source))


def environment(**options):
    extensions = ["jinja2.ext.i18n", "wagtail.jinja2tags.core", "wagtail.images.jinja2tags.images"]
    env = Environment(extensions=extensions, **options)
    env.install_gettext_translations(translation, newstyle=False)
    env.filters.update(richtext=richtext, dutch_names=dutch_names)
    env.globals.update(
        static=static_url, url=url, lang_attr=lang_attr, og_locale=og_locale, public_origin=settings.PUBLIC_ORIGIN
    )
    return env

"""The Jinja2 environment of the public templates (`<app>/jinja2/`).

Every uncached page view renders one of them, and Django's template language spent more time
per page than everything else together (docs/benchmarks.md); Jinja2 compiles templates to
Python. The admin's templates stay Django templates (`<app>/templates/`).

Interface text is written `_("...")`, so `makemessages` still finds it; texts with plurals
are built in Python (ngettext), where it finds them too.
"""

from django.template.defaultfilters import linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import Environment, pass_context
from markupsafe import Markup

from kennisbank.content.blocks import AUDIENCE_CHOICES
from kennisbank.content.models.translated import SOURCE_LANGUAGE

AUDIENCE_LABELS = dict(AUDIENCE_CHOICES)


@pass_context
def lang_attr(context, field_name):
    """` lang="nl"` on an element whose text fell back to Dutch, so screen readers pronounce it right."""
    if field_name in context.get("untranslated", ()):
        return Markup(' lang="{}"').format(SOURCE_LANGUAGE)
    return ""


def audience_label(value):
    return AUDIENCE_LABELS.get(value, "")


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n", "wagtail.jinja2tags.core"], **options)
    env.install_gettext_translations(translation, newstyle=False)
    env.globals.update(static=static, url=reverse, lang_attr=lang_attr)
    env.filters.update(audience_label=audience_label, linebreaksbr=linebreaksbr)
    return env

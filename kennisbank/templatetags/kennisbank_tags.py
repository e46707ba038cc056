from django import template
from django.utils.html import format_html

from kennisbank.blocks import AUDIENCE_CHOICES
from kennisbank.models.translated import SOURCE_LANGUAGE

register = template.Library()


@register.simple_tag(takes_context=True)
def lang_attr(context, field_name):
    """` lang="nl"` on an element whose text fell back to Dutch, so screen readers pronounce it right."""
    if field_name in context.get("untranslated", ()):
        return format_html(' lang="{}"', SOURCE_LANGUAGE)
    return ""


@register.filter
def audience_label(value):
    return dict(AUDIENCE_CHOICES).get(value, "")

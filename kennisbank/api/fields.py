"""How the API writes what a reader sees: rich text sanitised with absolute links, StreamFields
as plain JSON, the review, every language's URL. Everything is in the language the request
activated (``?lang=``); modeltranslation falls back to Dutch where a field has no translation,
and ``meta.fallback_fields`` names those fields.
"""

from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.utils import translation
from rest_framework.fields import Field
from wagtail import blocks
from wagtail.api.v2.serializers import DetailUrlField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html

from kennisbank.content.sheets import exercise_anchor, sheet_url
from kennisbank.core.languages import page_urls

# What the site's own editors can write (kennisbank/content/blocks.py, models): nothing else
# gets through, whatever reached the database.
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _absolute_links(tag, attribute, value):
    if tag == "a" and attribute == "href":
        return urljoin(settings.PUBLIC_ORIGIN + "/", value)
    return value


def sanitised_html(value):
    """Rich text as display HTML another site can show as it is: links to our pages expanded
    to absolute URLs in the request's language, every tag and attribute outside the list gone."""
    source = value.source if isinstance(value, RichText) else (value or "")
    if not source:
        return ""
    return nh3.clean(
        expand_db_html(source), tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes=ALLOWED_SCHEMES,
        attribute_filter=_absolute_links, link_rel="noopener",
    )


class RichTextField(Field):
    def to_representation(self, value):
        return sanitised_html(value)


def _image(image):
    if image is None:
        return None
    rendition = image.get_rendition("width-640")
    return {"url": urljoin(settings.PUBLIC_ORIGIN + "/", rendition.url), "width": rendition.width,
            "height": rendition.height, "alt": rendition.alt}


def _block_value(block, value):
    if isinstance(block, blocks.RichTextBlock):
        return sanitised_html(value)
    if isinstance(block, blocks.ListBlock):
        return [_block_value(block.child_block, item) for item in value]
    if isinstance(block, ImageChooserBlock):
        return _image(value)
    return value


# The API's name for a block's field where the block's own name leaves out the unit.
API_NAMES = {"duration": "duration_minutes"}


def _stream_item(child):
    fields = {API_NAMES.get(name, name): _block_value(block, child.value.get(name))
              for name, block in child.block.child_blocks.items()}
    return {"type": child.block_type, "id": child.id, **fields}


class StreamField(Field):
    """Examples: one object per item, its type and its fields."""

    def to_representation(self, stream):
        return [_stream_item(child) for child in stream]


class ExercisesField(Field):
    """Exercises as StreamField gives them, each with the address of its place on the page's A4
    sheet (kennisbank/content/sheets.py), which holds the same exercises in the same language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        sheet = sheet_url(page)
        return [{**_stream_item(child), "sheet_url": f"{sheet}#nameddest={exercise_anchor(child)}"}
                for child in page.exercises]


class ReviewField(Field):
    """The review a reader in the request's language sees (kennisbank/content/models/review.py)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        review = page.review_for(translation.get_language())
        if review is None:
            return None
        return {
            "last_reviewed_on": review.last_reviewed_on.isoformat(),
            "reviewed_by": review.reviewed_by,
            "sources": sanitised_html(review.sources),
            "next_review_on": review.next_review_on.isoformat() if review.next_review_on else None,
            # The language whose review this is: Dutch where the language has none of its own.
            "language": review.language,
        }


class BlockSummaryField(Field):
    """The building block an attitude serves: its number and title."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        block = page.parent_block()
        return {"id": block.id, "number": block.number, "title": block.title}


class RelatedField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        return [{"id": other.id, "title": other.title, "html_url": other.get_full_url()}
                for other in page.linked_attitudes()["related"]]


class LanguageField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        return translation.get_language()


class FallbackFieldsField(Field):
    """The fields shown in Dutch because the requested language has no text for them."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        untranslated = getattr(page.specific_deferred, "untranslated_fields", None)
        return untranslated(translation.get_language()) if untranslated else []


class UrlsField(Field):
    """The page in every language: {"nl": ..., "en": ..., "ar": ...}."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        return page_urls(page, full=True)


class LicenceField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        return settings.CONTENT_LICENCE


class MetaDescriptionField(Field):
    """What the page gives search engines as its description (its meta description: the
    editors' SEO description, else the summary, the introduction or the goal)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        return page.specific.meta_description()


class LanguageDetailUrlField(DetailUrlField):
    """Wagtail's detail_url, in the language of the listing that links to it."""

    def to_representation(self, url):
        return f"{url}?lang={translation.get_language()}"

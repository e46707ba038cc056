"""Field-level translation (modeltranslation): every field a reader sees, in every language.

Page's own title, slug, seo_title and search_description are registered by
wagtail_modeltranslation itself.
"""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import AttitudePage, BlockPage, ContentPage, SituationFinderPage
from .models.review import REVIEW_FIELDS


@register(BlockPage)
class BlockPageTranslation(TranslationOptions):
    fields = ("goal", "introduction", "body", "alternative_names") + REVIEW_FIELDS
    required_languages = {"nl": ("goal",), "default": ()}


@register(AttitudePage)
class AttitudePageTranslation(TranslationOptions):
    fields = ("summary", "situations", "explanation", "examples", "exercises", "keywords") + REVIEW_FIELDS


@register(ContentPage)
class ContentPageTranslation(TranslationOptions):
    fields = ("summary", "body") + REVIEW_FIELDS


@register(SituationFinderPage)
class SituationFinderPageTranslation(TranslationOptions):
    fields = ("introduction", "themes") + REVIEW_FIELDS

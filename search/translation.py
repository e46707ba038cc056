"""The promoted results' description is read in the reader's language (modeltranslation)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import Promotion


@register(Promotion)
class PromotionTranslation(TranslationOptions):
    fields = ("description",)

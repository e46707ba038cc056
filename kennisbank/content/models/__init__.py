from .attitude_page import AttitudePage, RelatedAttitude
from .base import TranslatedPageMixin
from .block_page import BlockPage
from .content_page import ContentPage

__all__ = ["AttitudePage", "BlockPage", "ContentPage", "RelatedAttitude", "TranslatedPageMixin"]

from .attitude_page import AttitudePage, RelatedAttitude
from .base import TranslatedPageMixin
from .block_page import BlockPage
from .content_page import ContentPage
from .finder_page import SituationFinderPage, finder_link

__all__ = ["AttitudePage", "BlockPage", "ContentPage", "RelatedAttitude", "SituationFinderPage",
           "TranslatedPageMixin", "finder_link"]

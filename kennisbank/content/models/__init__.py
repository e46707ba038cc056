from .attitude_page import AttitudePage, RelatedAttitude
from .block_page import BlockPage
from .translated import TranslatedPageMixin

__all__ = ["AttitudePage", "BlockPage", "RelatedAttitude", "TranslatedPageMixin"]

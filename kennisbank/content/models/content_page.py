from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import TranslatedPageMixin
from .review import ReviewedPage

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ContentPage(ReviewedPage, TranslatedPageMixin, Page):
    """A standing page below the home page (about the model, for professionals, when to seek
    help, about this site): translated text, linked from every page's footer."""

    summary = models.TextField(
        _("summary"), blank=True,
        help_text=_("One or two sentences. Also the description search engines show."),
    )
    body = RichTextField(_("body"), blank=True, features=BODY_FEATURES)
    # Which seed entry this page came from ("about-this-site"), so the loader finds it again
    # after an editor renamed it.
    seed_key = models.CharField(max_length=40, blank=True, editable=False, db_index=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body"), ReviewedPage.review_panel]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    purges_whole_site = True  # every page's footer links the standing pages
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .translated import TranslatedPageMixin

BLOCK_COUNT = 5


class BlockPage(TranslatedPageMixin, Page):
    """One of the five building blocks ("bouwstenen") of attachment.

    Named ``BlockPage`` after the model's own word; not to be confused with Wagtail's
    StreamField blocks, which live in ``kennisbank.blocks``.
    """

    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(BLOCK_COUNT)],
        help_text=_("The place of this building block in the model, 1 to 5."),
        error_messages={"unique": _("Another building block already has this number.")},
    )
    goal = models.TextField(_("goal"), help_text=_("The goal (doel) of this building block."))
    introduction = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    alternative_names = models.TextField(
        _("alternative names and keywords"),
        blank=True,
        help_text=_("Other names readers use for this block, separated by commas. Used by search."),
    )

    translated_fields = TranslatedPageMixin.translated_fields + (
        "goal",
        "introduction",
        "body",
        "alternative_names",
    )

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("goal"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("alternative_names"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("goal"),
        index.SearchField("introduction"),
        index.FilterField("number"),
    ]

    child_page_model = "kennisbank.AttitudePage"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["kennisbank.AttitudePage"]

    class Meta:
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")

    def get_context(self, request, *args, **kwargs):
        from .attitude_page import AttitudePage

        context = super().get_context(request, *args, **kwargs)
        context["attitudes"] = AttitudePage.objects.child_of(self).live().order_by("path")
        return context

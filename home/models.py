from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from kennisbank.caching.worker import worker_cache
from kennisbank.content.models import BlockPage, TranslatedPageMixin, finder_link
from kennisbank.content.models.base import LINK_FIELDS, public


class HomePage(TranslatedPageMixin, Page):
    """The entrance: the model in a few words and the five blocks stacked as building blocks."""

    introduction = RichTextField(_("introduction"), blank=True)

    # The site root's slug never appears in a URL, so it is not for translators.
    hidden_translated_fields = TranslatedPageMixin.hidden_translated_fields + ("slug",)
    content_panels = Page.content_panels + [FieldPanel("introduction")]

    purges_whole_site = True  # every page's breadcrumbs start here
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["kennisbank.BlockPage", "kennisbank.ContentPage", "kennisbank.SituationFinderPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def load():
            # A list of links with each block's number and goal: the rest of the wide rows stays put.
            blocks = public(BlockPage.objects.child_of(self).live(), shown_on=self).order_by("number")
            return [{"number": block.number, "title": block.title, "goal": block.goal, "url": block.get_url(request)}
                    for block in blocks.only(*LINK_FIELDS, "number", "goal")]

        # Kept per worker until content or a view restriction changes (kennisbank/caching/worker.py).
        key = ("home-blocks", self.pk, translation.get_language())
        context["blocks"] = worker_cache.get_for_reader(request, key, load)
        context["finder"] = finder_link(request)
        # The first paragraph leads; the rest follows the blocks, so a phone shows them early.
        lead, separator, more = (self.introduction or "").partition("</p>")
        context["lead"], context["more"] = lead + separator, more
        return context

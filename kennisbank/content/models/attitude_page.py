from django.apps import apps
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kennisbank.caching.worker import worker_cache
from kennisbank.content.blocks import (
    AUDIENCE_BOTH,
    AUDIENCE_PARENTS,
    AUDIENCE_PROFESSIONALS,
    ExampleBlock,
    ExerciseBlock,
    fill_from_source,
)
from kennisbank.core.languages import SOURCE_LANGUAGE, language_codes, localized

from .base import LINK_FIELDS, TranslatedPageMixin, public
from .review import ReviewedPage

AUDIENCE_FILTERS = (AUDIENCE_PARENTS, AUDIENCE_PROFESSIONALS)


def for_audience(stream, audience):
    """Items written for this audience or for both; everything when no audience is chosen."""
    if audience is None:
        return list(stream)
    return [item for item in stream if item.value["audience"] in (audience, AUDIENCE_BOTH)]


def situation_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AttitudePage(ReviewedPage, TranslatedPageMixin, Page):
    """A parental attitude that serves the goal of its building block (its parent page)."""

    summary = models.TextField(_("summary"), blank=True)
    explanation = RichTextField(_("explanation"), blank=True)
    examples = StreamField(
        [("example", ExampleBlock())], blank=True, verbose_name=_("examples")
    )
    exercises = StreamField(
        [("exercise", ExerciseBlock())], blank=True, verbose_name=_("exercises")
    )
    # What readers see at home, in their own words: the attitude is found by what a parent would
    # type, not only by the model's terms. Independent per language (not translations of each
    # other); plain lines, so translator files, reviews and fallbacks treat it as any text field.
    situations = models.TextField(
        _("situations"),
        blank=True,
        help_text=_("Situations this attitude helps with, as a parent or professional would put them "
                    "(“My child cries every morning when I leave”): one per line. Shown on the page "
                    "under “Does this sound familiar?” and weighted high in search."),
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Words readers may search with, separated by commas. Not shown on the page."),
    )

    # Which seed entry this page came from ("3.5"), so re-running the loader finds it again
    # even after an editor renamed it.
    seed_key = models.CharField(max_length=10, blank=True, editable=False, db_index=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("situations")], heading=_("Does this sound familiar?")),
        FieldPanel("explanation"),
        FieldPanel("examples"),
        FieldPanel("exercises"),
        FieldPanel("keywords"),
        InlinePanel("related_attitudes", label=_("Related attitudes")),
        ReviewedPage.review_panel,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("explanation"),
        index.SearchField("situations"),
    ]

    parent_page_types = ["kennisbank.BlockPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("attitude")
        verbose_name_plural = _("attitudes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.links(request))
        context["parent_block"] = self.parent_block()
        context["parent_block_url"] = context["breadcrumbs"][-2]["url"]  # home › block › this page
        audience = request.GET.get("audience")
        audience = audience if audience in AUDIENCE_FILTERS else None
        context["audience"] = audience
        context["audience_query"] = f"?audience={audience}" if audience else ""
        for name in ("examples", "exercises"):
            context[name] = for_audience(self.stream_with_fallback(name), audience)
        return context

    def situation_list(self):
        """The situations in the active language (the Dutch ones where it has none), one a line."""
        return situation_lines(self.situations)

    def stream_with_fallback(self, name):
        """The reader's examples or exercises, parts without a translation filled from the
        Dutch (kennisbank.content.blocks.fill_from_source)."""
        language = translation.get_language()
        if language == SOURCE_LANGUAGE:
            return getattr(self, name)
        own, source = getattr(self, localized(name, language)), getattr(self, localized(name, SOURCE_LANGUAGE))
        return fill_from_source(own, source)

    def parent_block(self):
        """The block this page was routed through, or one query when not served by routing."""
        parent = getattr(self, "route_parent", None)
        if parent is None:
            # By name, not by import: block_page.py names this model the same way.
            parent = apps.get_model("kennisbank", "BlockPage").objects.get(path=self.path[: -self.steplen])
        return parent

    def pages_to_purge(self):
        """Also the attitudes that link here as previous/next across unpublished or restricted
        neighbours, and the related attitudes."""
        linked = self.linked_attitudes()
        neighbours = [linked["previous_attitude"], linked["next_attitude"]]
        return [*super().pages_to_purge(), *(page for page in neighbours if page is not None), *linked["related"]]

    @staticmethod
    def other_paths(page_id):
        """Paths besides its own URLs that show an attitude: its exercise sheet in every language,
        purged with it from the HTTP cache (kennisbank/caching/purge.py)."""
        paths = []
        for code in language_codes():
            with translation.override(code):
                paths.append(reverse("exercise_sheet", args=[page_id]))
        return paths

    def links(self, request):
        """What the page shows of linked_attitudes (each link's title and URL in the reader's
        language), kept per worker until content changes: the links change only when a page is
        published, unpublished, moved, deleted or restricted, and each of those bumps the
        content version (kennisbank/caching/worker.py). Three queries fewer per view."""

        def load():
            found = self.linked_attitudes()

            def link(page):
                return None if page is None else {"title": page.title, "url": page.get_url(request)}

            return {
                "previous_attitude": link(found["previous_attitude"]),
                "next_attitude": link(found["next_attitude"]),
                "related": [link(page) for page in found["related"]],
            }

        return worker_cache.get(("attitude-links", self.pk, translation.get_language()), load)

    def linked_attitudes(self):
        """The previous and next live, public attitude in the block and the live, public related
        attitudes in both directions (linking A to B shows the link on B too), with only what a
        link needs: three index look-ups, whatever the block's size."""
        links = public(Page.objects.live(), shown_on=self).only(*LINK_FIELDS)
        siblings = links.filter(path__startswith=self.path[: -self.steplen], depth=self.depth)
        # Joined, not subqueries: Django's subquery aliasing cost more than the query here.
        related = links.filter(
            Q(attitudepage__related_from__page=self) | Q(attitudepage__related_attitudes__related=self)
        ).exclude(id=self.id).distinct()
        return {
            "previous_attitude": siblings.filter(path__lt=self.path).order_by("-path").first(),
            "next_attitude": siblings.filter(path__gt=self.path).order_by("path").first(),
            "related": list(related.order_by("path")),
        }


class RelatedAttitude(Orderable):
    page = ParentalKey(AttitudePage, on_delete=models.CASCADE, related_name="related_attitudes")
    related = models.ForeignKey(
        AttitudePage,
        on_delete=models.CASCADE,
        related_name="related_from",
        verbose_name=_("related attitude"),
    )

    panels = [PageChooserPanel("related", "kennisbank.AttitudePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related attitude")
        constraints = [
            models.UniqueConstraint(fields=["page", "related"], name="unique_related_attitude")
        ]

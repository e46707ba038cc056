from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kennisbank.content.blocks import (
    AUDIENCE_BOTH,
    AUDIENCE_PARENTS,
    AUDIENCE_PROFESSIONALS,
    ExampleBlock,
    ExerciseBlock,
)

from .block_page import BlockPage
from .translated import TranslatedPageMixin, descendant_paths, link_fields

AUDIENCE_FILTERS = (AUDIENCE_PARENTS, AUDIENCE_PROFESSIONALS)


def for_audience(stream, audience):
    """Items written for this audience or for both; everything when no audience is chosen."""
    if audience is None:
        return list(stream)
    return [item for item in stream if item.value["audience"] in (audience, AUDIENCE_BOTH)]


class AttitudePage(TranslatedPageMixin, Page):
    """A parental attitude that serves the goal of its building block (its parent page)."""

    summary = models.TextField(_("summary"), blank=True)
    explanation = RichTextField(_("explanation"), blank=True)
    examples = StreamField(
        [("example", ExampleBlock())], blank=True, verbose_name=_("examples")
    )
    exercises = StreamField(
        [("exercise", ExerciseBlock())], blank=True, verbose_name=_("exercises")
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Words readers may search with, separated by commas. Not shown on the page."),
    )

    # Which seed entry this page came from ("3.5"), so re-running the loader finds it again
    # even after an editor renamed it.
    seed_key = models.CharField(max_length=10, blank=True, editable=False, db_index=True)

    translated_fields = TranslatedPageMixin.translated_fields + (
        "summary",
        "explanation",
        "examples",
        "exercises",
        "keywords",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("explanation"),
        FieldPanel("examples"),
        FieldPanel("exercises"),
        FieldPanel("keywords"),
        InlinePanel("related_attitudes", label=_("Related attitudes")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("explanation"),
    ]

    parent_page_types = ["kennisbank.BlockPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("attitude")
        verbose_name_plural = _("attitudes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.linked_attitudes())
        context["parent_block"] = self.parent_block()
        audience = request.GET.get("audience")
        audience = audience if audience in AUDIENCE_FILTERS else None
        context["audience"] = audience
        context["audience_query"] = f"?audience={audience}" if audience else ""
        context["examples"] = for_audience(self.examples, audience)
        context["exercises"] = for_audience(self.exercises, audience)
        return context

    def parent_block(self):
        """The block this page was routed through, or one query when not served by routing."""
        parent = getattr(self, "route_parent", None)
        if parent is None:
            parent = BlockPage.objects.get(path=self.path[: -self.steplen])
        return parent

    def linked_attitudes(self):
        """The previous and next attitude in the block, and the related attitudes in both
        directions (linking A to B shows the link on B too): one query, whatever the block's
        size, two index look-ups on the tree path and the related pairs.

        Written in SQL: Django's query compiler costs two to three times the query here
        (docs/benchmarks.md), and it cannot order and limit the parts of a UNION on SQLite. A
        block holds only attitudes, so plain page rows suffice, built with Model.from_db:
        these columns need no conversion, and a raw queryset's mapping of columns to fields
        cost as much as the query.
        """
        quote = connection.ops.quote_name
        fields = link_fields()
        pages, pairs = quote(Page._meta.db_table), quote(RelatedAttitude._meta.db_table)
        columns = ", ".join(quote(name) for name in fields)
        neighbour = (f"SELECT {columns} FROM {pages} WHERE path > %s AND path < %s AND depth = %s AND live "
                     "ORDER BY path {} LIMIT 1")
        sql = (
            f"SELECT 'previous' AS link, * FROM ({neighbour.format('DESC')}) AS previous "
            f"UNION ALL SELECT 'next', * FROM ({neighbour.format('ASC')}) AS following "
            f"UNION ALL SELECT 'related', {columns} FROM {pages} WHERE live AND id <> %s AND id IN "
            f"(SELECT related_id FROM {pairs} WHERE page_id = %s "
            f"UNION SELECT page_id FROM {pairs} WHERE related_id = %s)"
        )
        lowest, highest = descendant_paths(self.path[: -self.steplen])
        with connection.cursor() as cursor:
            cursor.execute(sql, [lowest, self.path, self.depth, self.path, highest, self.depth] + [self.id] * 3)
            found = [(link, Page.from_db(connection.alias, fields, values)) for link, *values in cursor.fetchall()]
        return {
            "previous_attitude": next((page for link, page in found if link == "previous"), None),
            "next_attitude": next((page for link, page in found if link == "next"), None),
            "related": sorted((page for link, page in found if link == "related"), key=lambda page: page.path),
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

from django.apps import apps
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, IntegerField, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kennisbank.caching.worker import worker_cache
from kennisbank.core.languages import SOURCE_LANGUAGE, localized

from .base import LINK_FIELDS, TranslatedPageMixin, public
from .review import ReviewedPage

BLOCK_COUNT = 5
# A block of the seed has at most 9 attitudes; editors may add many more.
ATTITUDES_PER_PAGE = 50


def counts_text(examples, exercises):
    """"3 examples, 1 exercise" under an attitude in the block's list; empty when it has neither."""
    if not (examples or exercises):
        return ""
    return gettext("%(examples_text)s, %(exercises_text)s") % {
        "examples_text": ngettext("%(counter)s example", "%(counter)s examples", examples) % {"counter": examples},
        "exercises_text": ngettext("%(counter)s exercise", "%(counter)s exercises", exercises) % {"counter": exercises},
    }


class JSONArrayLength(Func):
    """Items in a JSON array column (a StreamField), counted by the database."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="jsonb_array_length", **extra_context)


def in_reader_language(field, measure=F, empty="", output_field=None):
    """`field` (or `measure` of it) in the reader's language, or in Dutch where that is empty,
    as modeltranslation's fallback does, computed by the database so no page is loaded."""
    output_field = output_field or TextField()
    own = measure(localized(field, translation.get_language()))
    source = measure(localized(field, SOURCE_LANGUAGE))
    return Coalesce(NullIf(own, Value(empty), output_field=output_field), source, output_field=output_field)


def stream_length(field):
    """How many blocks a reader sees in a StreamField; no StreamField is loaded or parsed."""
    return Coalesce(in_reader_language(field, JSONArrayLength, 0, IntegerField()), 0)


class KnownCountPaginator(Paginator):
    """A paginator told its count, so a page of a long list costs one query, not two."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


class BlockPage(ReviewedPage, TranslatedPageMixin, Page):
    """One of the five building blocks ("bouwstenen") of attachment.

    Named ``BlockPage`` after the model's own word; not to be confused with Wagtail's
    StreamField blocks, which live in ``kennisbank.content.blocks``.
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

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("goal"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("alternative_names"),
        ReviewedPage.review_panel,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("goal"),
        index.SearchField("introduction"),
        index.FilterField("number"),
    ]

    route_through_fields = LINK_FIELDS + ("number",)  # an attitude page shows its block's number
    parent_page_types = ["home.HomePage"]
    subpage_types = ["kennisbank.AttitudePage"]

    class Meta:
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")

    def get_context(self, request, *args, **kwargs):
        """The block's attitudes, 50 to a page, as plain rows (title, address, counts): a list
        of links needs no page objects. The number of attitudes and each page of rows are kept
        per worker until content or a view restriction changes (kennisbank/caching/worker.py),
        so a view of a list already shown builds no query at all."""
        context = super().get_context(request, *args, **kwargs)
        count = worker_cache.get(("public-attitudes", self.pk), lambda: self.public_attitudes().count())
        paginator = KnownCountPaginator((), ATTITUDES_PER_PAGE, count)
        page_of_rows = paginator.get_page(request.GET.get("page"))
        key = ("attitude-list", self.pk, translation.get_language(), page_of_rows.number)
        offset = (page_of_rows.number - 1) * ATTITUDES_PER_PAGE
        rows = worker_cache.get(key, lambda: self.attitude_rows(offset, ATTITUDES_PER_PAGE))
        block_url = self.get_url(request)
        page_of_rows.object_list = [{**row, "url": block_url + row["below_block"]} for row in rows]
        context["attitudes"] = page_of_rows
        return context

    def public_attitudes(self):
        attitudes = apps.get_model("kennisbank", "AttitudePage").objects.child_of(self).live()
        return public(attitudes, shown_on=self)

    def attitude_rows(self, offset, limit):
        """Title, address below the block and counts of the public attitudes from `offset`, in
        the reader's language."""
        # rewrite(False): modeltranslation would otherwise build a page object per row to
        # apply its fallback, which in_reader_language already does in the query.
        rows = self.public_attitudes().order_by("path").rewrite(False).values(
            title_shown=in_reader_language("title"),
            url_path_shown=in_reader_language("url_path"),
            example_count=stream_length("examples"),
            exercise_count=stream_length("exercises"),
        )[offset:offset + limit]
        # A child's url_path (each language's, with the same fallback) starts with its block's;
        # the rest is percent-encoded as Wagtail's own URLs are.
        return [
            {
                "title_shown": row["title_shown"],
                "below_block": iri_to_uri(row["url_path_shown"][len(self.url_path):]),
                "counts": counts_text(row["example_count"], row["exercise_count"]),
            }
            for row in rows
        ]

import re
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search.utils import normalise_query_string

from kennisbank.caching.version import CacheVersion

from .arabic import normalise


class SearchEntry(models.Model):
    """One row per live page and language: the text a reader in that language can find.

    Stock Wagtail search puts every language of a page in one index entry with one stemming
    configuration; this table keeps each language apart so Dutch is stemmed as Dutch, English
    as English and Arabic as Arabic (see ``search.index``).
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    block_number = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.TextField()
    keywords = models.TextField(blank=True)
    # An attitude's situations, one a line: the reader's own words, weighted above the body.
    situations = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Lower-cased title, keywords and body: what the SQLite fallback matches against.
    document = models.TextField(blank=True)
    # The page has no title in this language: the text is the Dutch fallback, stemmed as Dutch
    # and shown marked as Dutch.
    fallback = models.BooleanField(default=False)
    # PostgreSQL only (GIN-indexed there by migration 0002); NULL on SQLite.
    search_vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="unique_entry_per_language")
        ]
        indexes = [models.Index(fields=["language", "block_number"])]

    def __str__(self):
        return f"{self.title} ({self.language})"


class SearchWord(models.Model):
    """The vocabulary of the indexed text, per language.

    PostgreSQL's trigram index over it joins variants that stemming misses (grens/grenzen)
    and proposes a spelling when a word is not in the knowledge base (frustatie/frustratie).
    Only words of entries readers may find are in it: ``pages`` counts the language's entries
    that hold the word, and a word leaves when no entry holds it any more (``search.index``), so
    no suggestion names a word of a restricted, unpublished or deleted page.
    """

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=100)
    # Not a PositiveIntegerField: a count out of step must not make a publish fail on a CHECK;
    # a word whose count is 0 or less is removed.
    pages = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="unique_word_per_language")
        ]

    def __str__(self):
        return self.word


class UnansweredQuery(models.Model):
    """Searches that found nothing, per language: what editors should write about next."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="unanswered"
    )
    language = models.CharField(_("language"), max_length=8)
    times = models.PositiveIntegerField(_("times"), default=0)
    last_seen = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="unanswered_per_language")
        ]
        permissions = [("view_search_reports", _("Can view what readers search for"))]

    def __str__(self):
        return self.query.query_string


# Bumped when editors change a promoted result (search.signals); the search page keeps its
# promotions per worker under it (search.views).
promotion_version = CacheVersion("search-promotion-version")


class Promotion(models.Model):
    """A page editors put first for a search, in one language or in all of them.

    Wagtail's own search promotions know no languages: a page promoted for the Dutch word
    "huilen" would show under an English search of the same letters, with a Dutch description.
    """

    query_string = models.CharField(
        _("search term"), max_length=255, db_index=True,
        help_text=_("What readers type. Capitals and punctuation do not matter."),
    )
    # Choices come from settings.LANGUAGES in the form (search.admin_views), so adding a
    # language needs no migration here.
    language = models.CharField(
        _("language"), max_length=8, blank=True,
        help_text=_("Leave empty to promote the page in every language."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown under the page's title in the results.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["query_string", "sort_order", "id"]
        verbose_name = _("promoted search result")
        verbose_name_plural = _("promoted search results")

    def __str__(self):
        return self.query_string

    def save(self, *args, **kwargs):
        self.query_string = normalise_query_string(self.query_string)[:255]
        super().save(*args, **kwargs)


class EverydayWord(models.Model):
    """A word readers type that the pages do not use, and the words the pages use for it (see
    ``search.dialect``). Both are kept spelled as the search spells a query: lower case, Arabic
    variants folded (``search.arabic``)."""

    # Choices come from settings.LANGUAGES in the form (search.admin_views), as for Promotion.
    language = models.CharField(_("language"), max_length=8, default="ar")
    word = models.CharField(
        _("word readers type"), max_length=100,
        help_text=_("One word, as readers type it: عايز, بدي, يبغى."),
    )
    standard = models.CharField(
        _("words the pages use"), max_length=255,
        help_text=_("The word or words the knowledge base uses for it, separated by spaces: يريد. "
                    "A search for the everyday word also finds these."),
    )
    region = models.CharField(
        _("where it is said"), max_length=100, blank=True,
        help_text=_("For editors only: Gulf, Levantine, Egyptian, everyday speech."),
    )

    class Meta:
        ordering = ["language", "word"]
        verbose_name = _("everyday word")
        verbose_name_plural = _("everyday words")
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="unique_everyday_word")
        ]

    def __str__(self):
        return f"{self.word} → {self.standard}"

    def save(self, *args, **kwargs):
        self.spell()
        super().save(*args, **kwargs)

    def clean(self):
        if len(spelled(self.word)) != 1:
            raise ValidationError({"word": _("Give one word.")})
        if not spelled(self.standard):
            raise ValidationError({"standard": _("Give at least one word.")})

    def spell(self):
        """The word and the standard words as a query spells them."""
        self.word = " ".join(spelled(self.word)[:1])
        self.standard = " ".join(dict.fromkeys(spelled(self.standard)))


WORD_RE = re.compile(r"\w+")


def spelled(text):
    """The words of `text` as the search reads a query (``search.query.split_query``): lower
    case, Arabic spelling variants folded."""
    return WORD_RE.findall(normalise((text or "").lower()))


class SearchEvent(models.Model):
    """One reader's search as typed (not each page or block of its results), kept without
    personal data: no address, no cookie, no account; a random id, the words, the language and
    the time. The results page carries the id in its form and links (search.events), so a click
    on a result marks it ``clicked`` and a new search within seconds marks it ``searched_again``:
    the editors' report of searches that did not help (search.learning) counts readers by these."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    query_string = models.CharField(_("search term(s)"), max_length=255)
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)
    clicked = models.BooleanField(_("clicked a result"), default=False)
    searched_again = models.BooleanField(_("searched again at once"), default=False)

    class Meta:
        verbose_name = _("search by a reader")
        verbose_name_plural = _("searches by readers")
        indexes = [models.Index(fields=["language", "query_string"])]

    def __str__(self):
        return self.query_string

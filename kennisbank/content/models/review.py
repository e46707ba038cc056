"""When a page was last reviewed, by whom, on what sources, and when it is next due.

Each language has its own review (the fields are translated like every other field): an
Arabic translation is reviewed in Arabic, and the overdue report lists page × language
(kennisbank/content/reviews.py). A reader whose language has no review of its own sees the
Dutch text's review, said as such. Publishing never touches these fields: a review date
changes only when a final editor changes it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from kennisbank.caching.worker import worker_cache
from kennisbank.core.languages import SOURCE_LANGUAGE, is_empty, language_codes, localized

from .base import TranslatedPageMixin

# Dates are per language but are not text to translate: translator files and the "not
# translated yet" notice leave them out (TranslatedPageMixin.hidden_translated_fields).
REVIEW_DATE_FIELDS = ("last_reviewed_on", "next_review_on")
REVIEW_FIELDS = ("last_reviewed_on", "reviewed_by", "review_sources", "next_review_on")
SOURCE_FEATURES = ["italic", "ul", "link"]


def _sentence(message, **parts):
    """A translated sentence with HTML parts (a <time>, a <span lang>): the message is ours,
    the parts are escaped."""
    return mark_safe(conditional_escape(message) % {name: conditional_escape(part) for name, part in parts.items()})


def _time(date):
    return format_html('<time datetime="{}">{}</time>', date.isoformat(), formats.date_format(date, "j F Y"))


@dataclass
class Review:
    """One language's review of a page, as a reader sees it."""

    last_reviewed_on: object
    reviewed_by: str
    reviewed_by_language: str  # the language it is written in: Dutch where it fell back
    sources: str
    sources_language: str
    next_review_on: object
    language: str  # the language whose review this is

    def is_source_fallback(self, reader_language):
        return self.language != reader_language

    def sentence(self, reader_language):
        """"Last reviewed on 3 March 2026 by the editorial team · next review 3 March 2027"."""
        reviewer = self.reviewed_by
        if reviewer and self.reviewed_by_language != reader_language:
            reviewer = format_html('<span lang="{}" dir="ltr">{}</span>', self.reviewed_by_language, reviewer)
        if self.is_source_fallback(reader_language):
            text = (gettext("The Dutch text was last reviewed on %(date)s by %(reviewer)s") if reviewer
                    else gettext("The Dutch text was last reviewed on %(date)s"))
        else:
            text = (gettext("Last reviewed on %(date)s by %(reviewer)s") if reviewer
                    else gettext("Last reviewed on %(date)s"))
        line = _sentence(text, date=_time(self.last_reviewed_on), reviewer=reviewer)
        if self.next_review_on:
            line += _sentence(" · " + gettext("next review %(date)s"), date=_time(self.next_review_on))
        return line


class ReviewedPage(models.Model):
    """The review fields, shared by blocks, attitudes and standing pages."""

    last_reviewed_on = models.DateField(
        _("last reviewed on"), null=True, blank=True,
        help_text=_("The day a final editor last checked this page in this language."),
    )
    reviewed_by = models.CharField(
        _("reviewed by"), max_length=200, blank=True,
        help_text=_("A role or a name, as readers see it, for example “the editorial team”."),
    )
    review_sources = RichTextField(
        _("sources"), blank=True, features=SOURCE_FEATURES,
        help_text=_("What the review was based on: a list of sources, with links where they exist."),
    )
    next_review_on = models.DateField(
        _("next review"), null=True, blank=True,
        help_text=_("When this page is due for its next review. The overdue report lists it from a month before."),
    )

    hidden_translated_fields = TranslatedPageMixin.hidden_translated_fields + REVIEW_DATE_FIELDS
    review_panel = MultiFieldPanel([FieldPanel(name) for name in REVIEW_FIELDS], heading=_("Review"))

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        """The review as the page shows it (its dates written out in the reader's language),
        kept per worker for readers until content changes."""
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language()

        def shown():
            review = self.review_for(language)
            return review and {"sentence": review.sentence(language), "sources": review.sources,
                               "sources_language": review.sources_language}

        context["review"] = worker_cache.get_for_reader(request, ("review", self.pk, language), shown)
        return context

    def review_for(self, language):
        """The review a reader in `language` sees: that language's own, else the Dutch text's,
        else None. Its texts fall back to Dutch like every other field, and say so."""
        for candidate in dict.fromkeys((language, SOURCE_LANGUAGE)):
            reviewed_on = getattr(self, localized("last_reviewed_on", candidate), None)
            if reviewed_on is None:
                continue
            reviewed_by, reviewed_by_language = self._review_text("reviewed_by", candidate)
            sources, sources_language = self._review_text("review_sources", candidate)
            return Review(
                last_reviewed_on=reviewed_on,
                reviewed_by=reviewed_by,
                reviewed_by_language=reviewed_by_language,
                sources=sources,
                sources_language=sources_language,
                next_review_on=getattr(self, localized("next_review_on", candidate), None),
                language=candidate,
            )
        return None

    def _review_text(self, field, language):
        """(text, the language it is in): `language`'s own, or the Dutch where it has none."""
        for candidate in dict.fromkeys((language, SOURCE_LANGUAGE)):
            value = getattr(self, localized(field, candidate))
            if not is_empty(value):
                return value, candidate
        return "", language

    def clean(self):
        super().clean()
        errors = {}
        for language in language_codes():
            reviewed_on = getattr(self, localized("last_reviewed_on", language), None)
            next_on = getattr(self, localized("next_review_on", language), None)
            if reviewed_on and not next_on:
                errors[localized("next_review_on", language)] = _("Plan the next review when you record a review.")
            elif reviewed_on and next_on <= reviewed_on:
                errors[localized("next_review_on", language)] = _("The next review comes after the last one.")
        if errors:
            raise ValidationError(errors)

"""Keep the per-language search index in step with what is published.

Runs inside the publishing transaction, so the index never shows what was rolled back.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from kennisbank.content.models import AttitudePage, BlockPage

from . import index


def _with_descendants(page):
    # A block's number and name appear in its attitudes' entries.
    return Page.objects.live().descendant_of(page, inclusive=True).type(BlockPage, AttitudePage)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if isinstance(instance, (BlockPage, AttitudePage)):
        index.index_pages(_with_descendants(instance))


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    index.remove_pages([instance.id])


@receiver(post_page_move)
def on_moved(sender, instance, **kwargs):
    index.index_pages(_with_descendants(instance))


@receiver(pre_delete, sender=Page)
def on_deleted(sender, instance, **kwargs):
    # Rows go with the page (ON DELETE CASCADE); this keeps cached search work in step.
    index.search_version.bump()

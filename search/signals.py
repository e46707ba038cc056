"""Keep the per-language search index in step with what is published and who may open it.

Runs inside the publishing transaction, so the index never shows what was rolled back; the
search version is bumped again when that transaction commits (``search.index``).
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import index
from .models import EverydayWord, Promotion, promotion_version


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if isinstance(instance, index.INDEXED_TYPES):
        index.index_subtree(instance)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    index.remove_pages([instance.id])


@receiver(post_page_move)
def on_moved(sender, instance, **kwargs):
    index.index_subtree(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_restriction_changed(sender, instance, **kwargs):
    # The page and everything below it leave the index, or come back when it is lifted.
    page = Page.objects.filter(id=instance.page_id).first()
    if page is not None:
        index.index_subtree(page)


@receiver(pre_delete, sender=Page)
def on_deleted(sender, instance, **kwargs):
    # Before the rows go with the page (ON DELETE CASCADE): their words leave the vocabulary.
    index.remove_pages([instance.id])


@receiver(post_save, sender=Promotion)
@receiver(post_delete, sender=Promotion)
def on_promotion_changed(sender, instance, **kwargs):
    promotion_version.bump()


@receiver(post_save, sender=EverydayWord)
@receiver(post_delete, sender=EverydayWord)
def on_everyday_word_changed(sender, instance, **kwargs):
    # Searches cached under the old list (their word forms, their ranking) are not used again.
    index.search_version.bump_now_and_at_commit()

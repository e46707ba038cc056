"""Purging the HTTP cache when published content changes, through wagtail.contrib.frontend_cache.

A page's HTML shows other pages: its block and the home page (breadcrumbs), its neighbours in
the block (previous/next) and its related attitudes, and it is listed on its block's page. So a
change to one page purges all of those, in every language (each has its own URL with
translated slugs), with their API entries and exercise sheets; pages say which with
``pages_to_purge()``. Pages shown on every page (the
home page, the standing pages in the footer) and Site changes purge the whole site. Purges are
sent when the change commits, so a reader arriving in between cannot put the old version back.

Varnish (kennisbank/caching/varnish.vcl) drops every variant of a purged path (``?audience=``,
``?page=``), and treats a purge of ``/`` as "everything on this host".
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from kennisbank.core.languages import page_urls

# Pages of other apps (the sitemap, the API) that list every page: purged with any change.
LISTING_PATHS = ["/sitemap.xml", "/api/v2/pages/"]
# Other apps' URLs of one page (the API's detail), purged with that page; a page type adds its
# own with ``other_paths(page_id)`` (an attitude's exercise sheets).
PAGE_PATHS = ["/api/v2/pages/{id}/"]


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def site_root_urls():
    return {site.root_url + "/" for site in Site.objects.all()}


def page_paths(page):
    other_paths = getattr(page.specific_class, "other_paths", None)
    return [path.format(id=page.id) for path in PAGE_PATHS] + (other_paths(page.id) if other_paths else [])


def urls_for(pages):
    """Every language's full URL of each page, and the listings on each of its sites."""
    urls = set()
    roots = [root.rstrip("/") for root in site_root_urls()]
    for page in pages:
        urls.update(url for url in page_urls(page, full=True).values() if url)
        urls.update(root + path for root in roots for path in page_paths(page))
    for root in roots:
        urls.update(root + path for path in LISTING_PATHS)
    return urls


def pages_affected_by(page):
    """The pages whose HTML shows `page`; None when that is every page of the site."""
    specific = page.specific_deferred
    if getattr(specific, "purges_whole_site", False) or not hasattr(specific, "pages_to_purge"):
        return None
    return specific.pages_to_purge()


def purge_urls_on_commit(urls):
    urls = set(urls)
    if urls and enabled():
        transaction.on_commit(lambda: PurgeBatch(urls).purge())


def purge_page_on_commit(page):
    """Purge what `page` changes, working out its URLs now (before a delete or a move)."""
    if not enabled():
        return
    affected = pages_affected_by(page)
    purge_urls_on_commit(site_root_urls() if affected is None else urls_for(affected))


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    purge_page_on_commit(instance)


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    # The old URLs are purged where they become redirects (kennisbank/content/redirects.py).
    purge_page_on_commit(instance)


@receiver(pre_delete, sender=Page)
def _page_deleted(sender, instance, **kwargs):
    purge_page_on_commit(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance, **kwargs):
    # The page and everything below it stop (or start) being public, and the lists that
    # showed it change.
    purge_page_on_commit(instance.page)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _site_changed(sender, instance, **kwargs):
    if enabled():
        purge_urls_on_commit({instance.root_url + "/"})

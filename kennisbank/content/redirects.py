"""Old URLs keep working: renaming or moving a page redirects every language's old address.

Wagtail's automatic redirects see one url_path; with translated slugs each language has its
own (url_path_nl, url_path_en, ...), so this compares them all around each save.
"""

from django.db.models.signals import post_save, pre_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.signals import post_page_move, pre_page_move

from kennisbank.caching.purge import purge_urls_on_commit, site_root_urls
from kennisbank.core.languages import language_codes, localized

URL_PATH_FIELDS = [localized("url_path", code) for code in language_codes()]


def _public_path(language, url_path, root_paths):
    for root in root_paths:
        if url_path and url_path.startswith(root):
            return f"/{language}/{url_path[len(root):]}"
    return None


def _site_root_paths(field):
    roots = Page.objects.filter(id__in=Site.objects.values_list("root_page_id", flat=True))
    return [path for path in roots.values_list(field, flat=True) if path]


def _redirect(code, old_url_path, page_id, roots):
    old_path = _public_path(code, old_url_path, roots)
    if old_path:
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old_path), site=None,
            defaults={"redirect_page_id": page_id, "is_permanent": True},
        )
        # The HTTP cache may still hold the page at its old address.
        purge_urls_on_commit(root.rstrip("/") + old_path for root in site_root_urls())


def remember_old_paths(sender, instance, **kwargs):
    if instance.pk and isinstance(instance, Page):
        instance._old_url_paths = (
            Page.objects.filter(pk=instance.pk).values(*URL_PATH_FIELDS).first() or {}
        )


def redirect_old_paths(sender, instance, created, **kwargs):
    old = getattr(instance, "_old_url_paths", None)
    if created or not old or not instance.live:
        return
    instance._old_url_paths = None
    for code in language_codes():
        field = localized("url_path", code)
        before, after = old.get(field), getattr(instance, field)
        if not before or before == after:
            continue
        roots = _site_root_paths(field)
        # Descendants still hold their old paths here: the translated url_paths below a page
        # are rewritten after its save.
        _redirect(code, before, instance.id, roots)
        for page in Page.objects.descendant_of(instance).live().only("id", field):
            if (getattr(page, field) or "").startswith(before):
                _redirect(code, getattr(page, field), page.id, roots)


# A move rewrites paths in several saves (Wagtail's, then modeltranslation's per language), so
# compare the whole subtree before and after instead.
_paths_before_move = {}


def _subtree_paths(pages):
    return {row.pop("id"): row for row in pages.values("id", *URL_PATH_FIELDS)}


def before_move(sender, instance, **kwargs):
    _paths_before_move[instance.id] = _subtree_paths(
        Page.objects.descendant_of(instance, inclusive=True)
    )


def after_move(sender, instance, **kwargs):
    before = _paths_before_move.pop(instance.id, None)
    if not before:
        return
    after = _subtree_paths(Page.objects.filter(id__in=before))
    for code in language_codes():
        field = localized("url_path", code)
        roots = _site_root_paths(field)
        for page_id, paths in before.items():
            if paths[field] and paths[field] != after.get(page_id, {}).get(field):
                _redirect(code, paths[field], page_id, roots)


def connect(models):
    pre_page_move.connect(before_move, dispatch_uid="redirects-before-move")
    post_page_move.connect(after_move, dispatch_uid="redirects-after-move")
    for model in models:
        pre_save.connect(remember_old_paths, sender=model, dispatch_uid=f"old-paths-{model.__name__}")
        post_save.connect(redirect_old_paths, sender=model, dispatch_uid=f"redirect-{model.__name__}")

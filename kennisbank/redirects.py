"""Old URLs keep working: renaming or moving a page redirects every language's old address.

Wagtail's automatic redirects see one url_path; with translated slugs each language has its
own (url_path_nl, url_path_en, ...), so this compares them all around each save.
"""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

URL_PATH_FIELDS = [f"url_path_{code}" for code, _name in settings.LANGUAGES]


def _public_path(language, url_path, root_paths):
    for root in root_paths:
        if url_path and url_path.startswith(root):
            return f"/{language}/{url_path[len(root):]}"
    return None


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
    site_roots = Site.objects.values_list("root_page_id", flat=True)
    for code, _name in settings.LANGUAGES:
        field = f"url_path_{code}"
        before, after = old.get(field), getattr(instance, field)
        if not before or before == after:
            continue
        roots = [
            path for path in Page.objects.filter(id__in=site_roots).values_list(field, flat=True)
            if path
        ]
        old_path = _public_path(code, before, roots)
        if old_path:
            Redirect.objects.update_or_create(
                old_path=Redirect.normalise_path(old_path), site=None,
                defaults={"redirect_page": instance, "is_permanent": True},
            )


def connect(models):
    for model in models:
        pre_save.connect(remember_old_paths, sender=model, dispatch_uid=f"old-paths-{model.__name__}")
        post_save.connect(redirect_old_paths, sender=model, dispatch_uid=f"redirect-{model.__name__}")

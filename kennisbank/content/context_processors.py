from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from kennisbank.caching.worker import worker_cache

from .models import ContentPage
from .models.access import public
from .models.base import LINK_FIELDS


def standing_pages(request):
    """The standing pages (about the model, for professionals, ...) for every page's footer:
    live, public pages below the site's home page, kept per worker until content changes."""

    def links():
        site = getattr(request, "_wagtail_site", None) or Site.find_for_request(request)
        if site is None:
            return []

        def load():
            pages = public(ContentPage.objects.child_of(site.root_page).live()).order_by("path")
            return [{"title": page.title, "url": page.get_url(request), "key": page.seed_key}
                    for page in pages.only(*LINK_FIELDS, "seed_key")]

        return worker_cache.get(("standing-pages", site.pk, translation.get_language()), load)

    return {"standing_pages": SimpleLazyObject(links)}

"""What a shared HTTP cache (Varnish in front of gunicorn, or a CDN) may keep.

Views opt in with ``allow_shared_cache(request)`` (pages without view restrictions, the
sitemap, the API); ``SharedCacheMiddleware`` then adds ``s-maxage`` to the response, unless
anything about the request or response belongs to one reader: a logged-in editor or any
session (an editor), a cookie being set, a CSRF token in the page, an error, a preview. Everything else
gets nothing a shared cache will store (Varnish keeps only responses with ``s-maxage``,
kennisbank/caching/varnish.vcl). Publishing purges what changed (kennisbank/caching/purge.py).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path

SHARED = "kennisbank_shared_cache"


def allow_shared_cache(request):
    setattr(request, SHARED, True)


def _belongs_to_one_reader(request, response):
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or response.cookies
        or request.META.get("CSRF_COOKIE_USED")
        or getattr(request, "is_preview", False)
        or any(word in response.get("Cache-Control", "") for word in ("private", "no-cache", "no-store"))
    )


class SharedCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, SHARED, False) and settings.SHARED_CACHE_SECONDS > 0:
            # A 304 (the API's answer to a client whose copy is current) says the same as the
            # 200 it stands for, as RFC 9110 asks.
            if (request.method in ("GET", "HEAD") and response.status_code in (200, 304)
                    and not _belongs_to_one_reader(request, response)):
                # Readers' browsers check again each time; the shared cache answers them.
                patch_cache_control(response, max_age=0, s_maxage=settings.SHARED_CACHE_SECONDS)
            else:
                patch_cache_control(response, private=True)
        if not get_language_from_path(request.path_info):
            # A URL without a language (the sitemap, robots.txt) is the same for everyone: it
            # must not carry the first reader's language.
            del response["Content-Language"]
            if getattr(request, SHARED, False):
                # Nor make a shared cache keep a copy per Accept-Language (LocaleMiddleware's Vary).
                vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
                kept = [v for v in vary if v.lower() != "accept-language"]
                if kept != vary:
                    response.headers.pop("Vary")
                    if kept:
                        response["Vary"] = ", ".join(kept)
        return response

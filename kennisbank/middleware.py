from http.cookies import Morsel

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.translation import get_language_from_path


def language_to_remember(path, cookies):
    """The language of the page at `path` when the reader's cookie says another one, else None.

    Shared by RememberLanguageMiddleware and the page cache's hits (kennisbank/cache.py): the
    cookie belongs to one reader, so it is never stored with a cached page.
    """
    language = get_language_from_path(path)
    return language if language and cookies.get(settings.LANGUAGE_COOKIE_NAME) != language else None


def language_cookie(language):
    cookie = Morsel()
    cookie.set(settings.LANGUAGE_COOKIE_NAME, language, language)
    cookie.update({
        "path": settings.LANGUAGE_COOKIE_PATH,
        "max-age": settings.LANGUAGE_COOKIE_AGE,
        "samesite": settings.LANGUAGE_COOKIE_SAMESITE,
        "secure": settings.LANGUAGE_COOKIE_SECURE,
        "httponly": True,
    })
    return cookie


class RememberLanguageMiddleware:
    """Remember the language of the last page read, so `/` sends the reader back to it.

    The language switcher is plain links (no form, no JavaScript); following one is the choice.
    The cookie is only set when it changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200 and (language := language_to_remember(request.path_info, request.COOKIES)):
            response.cookies[settings.LANGUAGE_COOKIE_NAME] = language_cookie(language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with the one exception Wagtail's admin needs.

    Public pages allow scripts from our own origin only. Wagtail 8's admin still writes inline
    scripts (date choosers, panels), so under the admin path inline scripts are allowed too;
    everything else in the policy stays the same there.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(f"/{settings.ADMIN_PATH}") and not report_only:
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts

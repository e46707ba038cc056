from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.translation import get_language_from_path


class RememberLanguageMiddleware:
    """Remember the language of the last page read, so `/` sends the reader back to it.

    The language switcher is plain links (no form, no JavaScript); following one is the choice.
    The cookie is only set when it changes, so ordinary responses stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        if (
            language
            and response.status_code == 200
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                httponly=True,
            )
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

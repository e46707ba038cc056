from csp.middleware import CSPMiddleware
from django.conf import settings


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


class AdminNoIndexMiddleware:
    """Keeps the admin out of search engines without naming its (configurable) path in
    robots.txt: every admin response says noindex."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response

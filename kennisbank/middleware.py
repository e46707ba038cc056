import logging
import math

from axes.handlers.proxy import AxesProxyHandler
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext
from wagtail.models import CollectionViewRestriction, PageViewRestriction

logger = logging.getLogger(__name__)

# What a downloaded document may do in the browser: nothing. A PDF's scripts or an HTML file
# opened from the site never run with the site's origin (its cookies, its pages).
DOCUMENT_POLICY = "default-src 'none'; sandbox"


HEALTH_PATH = "/_health/"


class HealthCheckMiddleware:
    """Answers the HTTP cache's probe (kennisbank/caching/varnish.vcl): 200 while the site
    reaches its database, 503 while it does not, so that Varnish then serves the pages it holds
    for hours past their time. First in MIDDLEWARE: the probe names no allowed host and comes
    over plain HTTP, which the later middleware would refuse or redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            response = HttpResponse("ok\n", content_type="text/plain")
        except DatabaseError as error:
            logger.error("Health check failed", exc_info=error)  # once a minute (kennisbank/outages.py)
            response = HttpResponse("the database does not answer\n", status=503, content_type="text/plain")
            # Logged just above; Django's own line for a 503 would come with every probe, each second.
            response._has_been_logged = True
        response["Cache-Control"] = "no-store"
        return response


class RequestSizeMiddleware:
    """Refuses a request body larger than its sender may send, before anything reads it: a 60 MB
    POST to the feedback form was parsed whole (into a temporary file) before it was refused.
    Readers send small forms (PUBLIC_REQUEST_MAX_BYTES); a logged-in editor's uploads are parsed
    up to EDITOR_REQUEST_MAX_BYTES, so that Wagtail's form can say which file is too large and
    what the limit is. A body without a stated length (chunked) counts as too large: Django would
    read all of it. After AuthenticationMiddleware, which says who sends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if "HTTP_TRANSFER_ENCODING" in request.META and not request.META.get("CONTENT_LENGTH"):
            size = float("inf")
        limit = settings.PUBLIC_REQUEST_MAX_BYTES
        if size > limit and request.user.is_authenticated:
            limit = settings.EDITOR_REQUEST_MAX_BYTES
        if size <= limit:
            return self.get_response(request)
        context = {
            "title": gettext("Too much sent at once"),
            "message": gettext("What you sent is larger than this page accepts (%(size)s at most).")
            % {"size": filesizeformat(limit)},
        }
        return render(request, "message.html", context, status=413)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with the one exception Wagtail's admin needs.

    Public pages allow scripts from our own origin only. Wagtail 8's admin still writes inline
    scripts (date choosers, panels), so under the admin path inline scripts are allowed too;
    everything else in the policy stays the same there. Documents get a sandbox of their own.
    """

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "wagtaildocs_serve":
            response["Content-Security-Policy"] = DOCUMENT_POLICY
        return super().process_response(request, response)

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


class PermissionsPolicyMiddleware:
    """Switches off the browser features the site never uses (settings.PERMISSIONS_POLICY), so
    no script, ours or injected, can ask for the camera, the location and the like."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out reader or editor sees (AXES_LOCKOUT_CALLABLE), in their language:
    django-axes' own message speaks of an account, which a page password is not."""
    hours = math.ceil(settings.AXES_COOLOFF_TIME)
    message = ngettext(
        "You entered a wrong password too often. Try again in %(hours)s hour.",
        "You entered a wrong password too often. Try again in %(hours)s hours.",
        hours,
    ) % {"hours": hours}
    context = {"title": gettext("Too many attempts"), "message": message}
    return render(request, "message.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# Wagtail's password forms for restricted pages and document collections: Wagtail compares the
# password itself, without Django's authenticate(), so django-axes would never count them.
PASSWORD_VIEWS = {
    "wagtailcore_authenticate_with_password": (PageViewRestriction, "page_view_restriction_id"),
    "wagtaildocs_authenticate_with_password": (CollectionViewRestriction, "restriction_id"),
}


class ViewRestrictionLockoutMiddleware:
    """Wrong passwords for a restricted page count like wrong admin passwords: after
    AXES_FAILURE_LIMIT of them an address is locked out of that restriction for
    AXES_COOLOFF_TIME (django-axes, in the database, so every worker agrees). Each restriction
    counts as a user name ``view-restriction-<model>-<id>`` in axes' records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        form = PASSWORD_VIEWS.get(request.resolver_match.url_name)
        if form is None or request.method != "POST" or not settings.AXES_ENABLED:
            return None
        model, argument = form
        restriction_id = view_kwargs[argument]
        credentials = {"username": f"view-restriction-{model._meta.model_name}-{restriction_id}"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, credentials=credentials)
        response = view_func(request, *view_args, **view_kwargs)
        if restriction_id not in request.session.get(model.passed_view_restrictions_session_key, []):
            # django-axes records the failure and, at the limit, AxesMiddleware answers instead.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

"""Site-wide views that are not pages: sitemap, robots.txt and the error pages."""

import logging
import sys

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views

from kennisbank.caching.headers import allow_shared_cache
from kennisbank.core.languages import language_codes, language_link
from kennisbank.outages import outage_of, service_unavailable

logger = logging.getLogger(__name__)


class PageSitemap(Sitemap):
    """Every live, public page in every language (TranslatedPageMixin.get_sitemap_urls). A
    sitemap file holds at most 50,000 URLs, each page gives one per language, so a section
    holds fewer pages; the index at /sitemap.xml lists the sections."""

    limit = 50_000 // len(settings.LANGUAGES)


SITEMAPS = {"pages": PageSitemap}


@require_safe
def sitemap_index(request):
    allow_shared_cache(request)
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap")


@require_safe
def sitemap(request, section):
    allow_shared_cache(request)
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_safe
def robots(request):
    """Search result pages stay out of search engines; the admin is not named here (its
    responses say noindex themselves, kennisbank/middleware.py), so its path stays private."""
    lines = ["User-agent: *"]
    for code in language_codes():
        with translation.override(code):
            lines.append(f"Disallow: {reverse('search')}")
    lines.append(f"Sitemap: {settings.PUBLIC_ORIGIN}{reverse('sitemap_index')}")
    allow_shared_cache(request)
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def choose_language(request, language):
    """The language switcher's links: remember the reader's choice (so `/` sends them back to
    it) and go to the page in that language. Pages themselves set no cookie, so an HTTP cache
    can share them between readers."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not (target.startswith(f"/{language}/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None)):
        target = f"/{language}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE, secure=settings.LANGUAGE_COOKIE_SECURE, httponly=True,
    )
    return response


def page_not_found(request, exception=None):
    """The language switcher leads to the home page in each language: the missing address
    exists in none of them."""
    links = [language_link(code, name, f"/{code}/") for code, name in settings.LANGUAGES]
    return render(request, "404.html", {"language_links": links}, status=404)


def server_error(request):
    """Rendered in the reader's language; falls back to plain text if even that fails. While the
    database does not answer, readers get the 503 page with Retry-After instead
    (kennisbank/outages.py)."""
    if outage_of(sys.exception()) == "database":
        return service_unavailable(request)
    try:
        return HttpResponseServerError(loader.render_to_string("500.html", request=request))
    except Exception:  # noqa: BLE001 - the error page itself must never raise
        logger.exception("Could not render the 500 page")
        return HttpResponseServerError("Server error", content_type="text/plain")

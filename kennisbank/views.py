"""Site-wide views that are not pages: sitemap, robots.txt and the error pages."""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET
from wagtail.models import Site

logger = logging.getLogger(__name__)


@require_GET
def sitemap(request):
    """Every live page in every language, each entry listing its alternates (hreflang)."""
    site = Site.find_for_request(request)
    entries = []
    if site is not None:
        pages = site.root_page.get_descendants(inclusive=True).live().public().order_by("path")
        for page in pages.specific():
            lastmod = page.last_published_at and timezone.localtime(page.last_published_at).isoformat()
            alternates = []
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    alternates.append({"code": code, "url": page.get_full_url(request)})
            for alternate in alternates:
                entries.append(
                    {"url": alternate["url"], "lastmod": lastmod, "alternates": alternates}
                )
    return render(
        request, "sitemap.xml", {"entries": entries, "default_language": settings.LANGUAGE_CODE},
        content_type="application/xml",
    )


@require_GET
def robots(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered in the reader's language; falls back to plain text if even that fails."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html", request=request))
    except Exception:  # noqa: BLE001 - the error page itself must never raise
        logger.exception("Could not render the 500 page")
        return HttpResponseServerError("Server error", content_type="text/plain")

"""Exercise sheets: an attitude's exercises as an A4 PDF in nl, en or ar, to print or hand over.

Professionals give these to parents at home visits, so a sheet stands on its own: the attitude,
its building block and goal, each exercise's aim, steps and duration, room for notes, the
page's address with a QR code, and the credit line. WeasyPrint lays it out with Pango and
HarfBuzz, which shape Arabic and set it right to left; the fonts come from the system
(fonts-noto-core: the Makefile's system-packages and the Dockerfile install it).

The PDF is tagged (PDF/UA-1): a screen reader finds the headings, the steps as a list and the
QR code's description, in the sheet's language.

Rendering takes a fraction of a second, so a sheet is kept in the shared cache under the
content version (kennisbank/caching/version.py): publishing anything makes a new one. The HTTP
cache keeps it like a page, and publishing the attitude or its block purges it
(kennisbank/caching/purge.py, ``AttitudePage.other_paths``).
"""

import logging
import re
from urllib.parse import unquote

import segno
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kennisbank.caching.headers import allow_shared_cache
from kennisbank.caching.version import content_version

from .models import AttitudePage

logger = logging.getLogger(__name__)

# Bump when the sheet's template or styles change, so no sheet in the cache keeps the old look.
SHEET_VERSION = 2
CACHE_SECONDS = 30 * 24 * 3600


def qr_code(url):
    """The address as a QR code, an SVG data URI: phones open the page from the paper."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=0)


def sheet_url(page):
    """The full URL of `page`'s sheet in the active language."""
    return settings.PUBLIC_ORIGIN + reverse("exercise_sheet", args=[page.id])


def exercise_anchor(item):
    """The sheet's named destination for one exercise (``sheet.pdf#nameddest=...``, RFC 8118):
    a PDF viewer opens the sheet at that exercise."""
    return f"exercise-{item.id}"


def address_parts(address):
    """The address cut after each "/": the template sets each part in a box of its own, so the
    parts stay in order left to right while an Arabic slug inside one runs right to left.
    WeasyPrint does not implement ``unicode-bidi: isolate``; in one run of text the Unicode
    bidi algorithm would join neighbouring Arabic slugs and set them in reverse order."""
    return re.findall(r"[^/]*/|[^/]+$", address)


def render_sheet(page, request):
    """The PDF of `page`'s exercises in the active language."""
    from weasyprint import HTML  # loads Pango; only sheets need it

    url = page.get_full_url(request)
    html = render_to_string("kennisbank/sheets/exercise_sheet.html", {
        "page": page,
        "block": page.parent_block(),
        "exercises": list(page.exercises),
        "untranslated": page.untranslated_fields(),
        # Readable, Arabic slugs included; the QR code keeps it encoded.
        "page_address": address_parts(unquote(url)),
        "qr_code": qr_code(url),
        "exercise_anchor": exercise_anchor,
    }, request=request)
    return HTML(string=html, base_url=settings.PUBLIC_ORIGIN).write_pdf(pdf_variant="pdf/ua-1")


@require_safe
def exercise_sheet(request, page_id):
    """GET /<language>/sheets/<page id>.pdf: a live, public attitude with exercises, else a 404."""
    page = len(page_id) <= 9 and AttitudePage.objects.live().public().filter(id=int(page_id)).first()
    if not page or not page.exercises:
        raise Http404(_("There is no exercise sheet here."))
    language = translation.get_language()
    key = f"exercise-sheet:{SHEET_VERSION}:{content_version.current()}:{page.id}:{language}"
    pdf = cache.get(key)
    if pdf is None:
        try:
            pdf = render_sheet(page, request)
        except OSError:
            # WeasyPrint could not load Pango (a machine without `make system-packages`): say so
            # instead of a server error; the page itself still works.
            logger.exception("Exercise sheets need Pango and HarfBuzz (make system-packages)")
            return HttpResponse(_("Exercise sheets cannot be made on this server right now. "
                                  "The exercises are on the page itself."),
                                status=503, content_type="text/plain; charset=utf-8")
        cache.set(key, pdf, CACHE_SECONDS)
    allow_shared_cache(request)  # the same for every reader, like the page it comes from
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{page.slug}.pdf")
    return response

"""The public, read-only API: Wagtail's pages endpoint (API v2) in the language asked for.

``GET /api/v2/pages/?lang=en&type=kennisbank.AttitudePage`` lists, ``/api/v2/pages/<id>/?lang=ar``
returns one page, ``/api/v2/`` names the endpoints. Only live pages without a view restriction
are ever served, whoever asks (no session or password opens more), so every response is the same
for everyone and an HTTP cache may keep it; publishing purges it (kennisbank/caching/purge.py).
Every answer carries an ETag and a Last-Modified, and a client that has it gets a 304. Each
client may ask API_REQUESTS_PER_MINUTE times a minute (what the HTTP cache answers does not
count); errors are JSON in one language (kennisbank/api/errors.py). The README documents it.
"""

from django.conf import settings
from django.core.cache import cache
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api import APIField
from wagtail.api.v2.filters import AncestorOfFilter, ChildOfFilter, DescendantOfFilter, FieldsFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Site

from kennisbank.caching.counters import client_window_key, count_one
from kennisbank.caching.headers import allow_shared_cache
from kennisbank.caching.version import content_version
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.core.languages import SOURCE_LANGUAGE, language_codes

from . import fields
from .errors import ApiError, OverBudget, error_language, message_for

# A number a page id, an offset or a limit can be; longer ones are refused before they reach
# the database, which would answer them with an error.
MAX_DIGITS = 9
INTEGER_PARAMETERS = ("offset", "limit", "child_of", "descendant_of", "ancestor_of", "id")

COMMON_FIELDS = [APIField("review", serializer=fields.ReviewField())]
BODY_FIELDS = {
    BlockPage: [APIField("number"), APIField("goal"), APIField("introduction", serializer=fields.RichTextField()),
                APIField("body", serializer=fields.RichTextField()), *COMMON_FIELDS],
    AttitudePage: [APIField("block", serializer=fields.BlockSummaryField()), APIField("summary"),
                   APIField("explanation", serializer=fields.RichTextField()),
                   APIField("examples", serializer=fields.StreamField()),
                   APIField("exercises", serializer=fields.ExercisesField()),
                   APIField("related", serializer=fields.RelatedField()), *COMMON_FIELDS],
    ContentPage: [APIField("summary"), APIField("body", serializer=fields.RichTextField()), *COMMON_FIELDS],
}
META_FIELDS = [
    APIField("detail_url", serializer=fields.LanguageDetailUrlField()),
    APIField("search_description", serializer=fields.MetaDescriptionField()),
    APIField("language", serializer=fields.LanguageField()),
    APIField("fallback_fields", serializer=fields.FallbackFieldsField()),
    APIField("urls", serializer=fields.UrlsField()),
    APIField("licence", serializer=fields.LicenceField()),
    APIField("last_published_at"),
]


class Pagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        self.language = translation.get_language()
        return page

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["meta"].update(language=self.language, licence=settings.CONTENT_LICENCE)
        return response


# The shared cache's record of when the content last changed (content_changed_at).
CHANGED_KEY = "api-content-changed"


def content_changed_at():
    """Since when (a Unix second) the content has been what it is now, for Last-Modified: the
    second in which the API first answered under the current content version
    (kennisbank/caching/version.py; any publish, move, delete or view restriction bumps it),
    kept in the shared cache. Each version's second is later than the one before it, so an
    older copy never looks current; None while a version is new in the same second as the one
    before it (no date tells the two apart: the ETag alone decides). Read before the answer is
    made, so a change that commits meanwhile gets a later second."""
    version = content_version.current()
    now = int(timezone.now().timestamp())
    seen = cache.get(CHANGED_KEY)
    if seen is not None and seen[0] == version:
        return seen[1]
    if seen is not None and seen[1] >= now:
        return None
    cache.set(CHANGED_KEY, (version, now), None)
    return now


def check_budget(request):
    """Count this request against its client's budget for the current minute (a counter in the
    shared cache under a keyed hash of the address): OverBudget when it is spent, saying how many
    seconds remain. Uncounted (the shared cache does not answer), the request is answered."""
    now = int(timezone.now().timestamp())
    count = count_one(f"api-budget:{client_window_key(request, now // 60)}", 60)
    if count is not None and count > settings.API_REQUESTS_PER_MINUTE:
        raise OverBudget(wait=60 - now % 60)


class ApiView:
    """What every view of the API does around its own work: count the client's budget, check
    `lang` and the numbers, mark the answer for the shared cache, give errors as JSON in one
    language, and give every answer its validators (ETag, Last-Modified) and a 304 when the
    client's copy is current."""

    # Nobody is identified: the answer is the same for everyone (no session is even read).
    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_budget(request._request)  # the HttpRequest, not DRF's wrapper
        language = request.GET.get("lang", SOURCE_LANGUAGE)
        if language not in language_codes():
            raise ApiError(_("lang must be one of: %(languages)s"), languages=", ".join(language_codes()))
        translation.activate(language)
        for name in INTEGER_PARAMETERS:
            value = request.GET.get(name, "")
            if len(value.lstrip("-")) > MAX_DIGITS:
                raise ApiError(_("%(name)s is too large"), name=name)
        if len(str(kwargs.get("pk", ""))) > MAX_DIGITS:
            raise ApiError(_("%(name)s is too large"), name="id")
        allow_shared_cache(request._request)
        self.changed_at = content_changed_at()

    def handle_exception(self, exc):
        with translation.override(error_language(self.request)):
            error = message_for(exc)
        if error is None:
            return super().handle_exception(exc)
        status, message = error
        if isinstance(exc, OverBudget):
            return Response({"message": message, "retry_after": exc.wait}, status=status,
                            headers={"Retry-After": str(exc.wait)})
        return Response({"message": message}, status=status)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != 200:
            return response
        response.render()
        set_response_etag(response)
        if self.changed_at is not None:
            response["Last-Modified"] = http_date(self.changed_at)
        return get_conditional_response(request._request, etag=response["ETag"], last_modified=self.changed_at,
                                        response=response)


class ApiRootView(ApiView, APIView):
    """``/api/v2/``: what the API offers, for a client finding its way."""

    def get(self, request):
        listing = settings.PUBLIC_ORIGIN + reverse("kennisbank_api:pages:listing")
        return Response({
            "endpoints": {"pages": {"listing": listing, "detail": listing + "{id}/"}},
            "languages": language_codes(),
            "licence": settings.CONTENT_LICENCE,
        })


class PagesEndpoint(ApiView, PagesAPIViewSet):
    pagination_class = Pagination
    # Wagtail's filters, less search (the site's own search serves that, per language) and
    # Wagtail's locale filters (this site translates fields, not page trees).
    filter_backends = [FieldsFilter, ChildOfFilter, AncestorOfFilter, DescendantOfFilter, OrderingFilter]
    known_query_parameters = frozenset(
        ["limit", "offset", "fields", "order", "type", "child_of", "ancestor_of", "descendant_of", "lang"]
    )
    # search_description is the page's meta description (META_FIELDS), not the raw field.
    meta_fields = ["type", "detail_url", "html_url", "slug", "first_published_at"]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "title", "language", "fallback_fields"]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + BODY_FIELDS.get(model, []))

    @classmethod
    def get_meta_fields(cls, model):
        return cls._convert_api_fields(cls.meta_fields + META_FIELDS)

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)  # all of them (Wagtail's would drop "locale", not offered here)

    @classmethod
    def get_urlpatterns(cls):
        # No find view: pages are found through the listing, which gives every language's URL.
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    def get_base_queryset(self):
        """Live pages without a view restriction on the site, whoever asks."""
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)

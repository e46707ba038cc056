"""The public, read-only API: Wagtail's pages endpoint (API v2) in the language asked for.

``GET /api/v2/pages/?lang=en&type=kennisbank.AttitudePage`` lists, ``/api/v2/pages/<id>/?lang=ar``
returns one page. Only live pages without a view restriction are ever served, whoever asks
(no session or password opens more), so every response is the same for everyone and an HTTP
cache may keep it; publishing purges it (kennisbank/caching/purge.py). The README documents it.
"""

from django.conf import settings
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.api import APIField
from wagtail.api.v2.filters import AncestorOfFilter, ChildOfFilter, DescendantOfFilter, FieldsFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Site

from kennisbank.caching.headers import allow_shared_cache
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.languages import SOURCE_LANGUAGE, language_codes

from . import fields

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
                   APIField("exercises", serializer=fields.StreamField()),
                   APIField("related", serializer=fields.RelatedField()), *COMMON_FIELDS],
    ContentPage: [APIField("summary"), APIField("body", serializer=fields.RichTextField()), *COMMON_FIELDS],
}
META_FIELDS = [
    APIField("detail_url", serializer=fields.LanguageDetailUrlField()),
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


class PagesEndpoint(PagesAPIViewSet):
    # Nobody is identified: the answer is the same for everyone (no session is even read).
    authentication_classes = []
    permission_classes = []
    pagination_class = Pagination
    # Wagtail's filters, less search (the site's own search serves that, per language) and
    # Wagtail's locale filters (this site translates fields, not page trees).
    filter_backends = [FieldsFilter, ChildOfFilter, AncestorOfFilter, DescendantOfFilter, OrderingFilter]
    known_query_parameters = frozenset(
        ["limit", "offset", "fields", "order", "type", "child_of", "ancestor_of", "descendant_of", "lang"]
    )
    meta_fields = ["type", "detail_url", "html_url", "slug", "seo_title", "search_description",
                   "first_published_at"]
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

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.GET.get("lang", SOURCE_LANGUAGE)
        if language not in language_codes():
            translation.activate(SOURCE_LANGUAGE)
            raise BadRequestError(_("lang must be one of: %(languages)s") % {"languages": ", ".join(language_codes())})
        translation.activate(language)
        for name in INTEGER_PARAMETERS:
            value = request.GET.get(name, "")
            if len(value.lstrip("-")) > MAX_DIGITS:
                raise BadRequestError(_("%(name)s is too large") % {"name": name})
        if len(str(kwargs.get("pk", ""))) > MAX_DIGITS:
            raise BadRequestError(_("%(name)s is too large") % {"name": "id"})
        allow_shared_cache(request._request)  # the HttpRequest the middleware sees, not DRF's wrapper

    def get_base_queryset(self):
        """Live pages without a view restriction on the site, whoever asks."""
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)

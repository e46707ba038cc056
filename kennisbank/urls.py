from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kennisbank import media, views
from kennisbank.content import sheets
from kennisbank.translators.views import copy_translation_content_view
from search import views as search_views

urlpatterns = [
    # Before the admin's own URLs: a guarded copy of an upstream endpoint (see the view).
    path(f"{settings.ADMIN_PATH}pages/<int:page_id>/edit/copy_translation_content/",
         copy_translation_content_view),
    path(settings.ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>(?:{'|'.join(media.IMAGE_FOLDERS)})/[^/]+)$",
            media.image_file, name="image_file"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<section>.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    # Posted to when a reader follows a search result (search/events.py); not a page, no language.
    path("search-click/<uuid:event>/", search_views.search_click, name="search_click"),
    path("", include("kennisbank.api.urls")),
    re_path(rf"^language/(?P<language>{'|'.join(code for code, _name in settings.LANGUAGES)})/$",
            views.choose_language, name="choose_language"),
]

# Everything a reader sees carries its language; `/` is redirected by LocaleMiddleware from the
# remembered choice or Accept-Language.
urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),
    path(_("search/suggest/"), search_views.suggest, name="search_suggest"),
    path("", include("kennisbank.feedback.urls")),
    re_path(r"^sheets/(?P<page_id>[0-9]+)\.pdf$", sheets.exercise_sheet, name="exercise_sheet"),
    path("", include(wagtail_urls)),
)

handler404 = "kennisbank.views.page_not_found"
handler500 = "kennisbank.views.server_error"

"""The API's URLs, included by kennisbank/urls.py: /api/v2/ (what it offers), /api/v2/pages/ and
/api/v2/pages/<id>/."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from .views import ApiRootView, PagesEndpoint

API_ROOT = "/api/v2/"

router = WagtailAPIRouter("kennisbank_api")
router.register_endpoint("pages", PagesEndpoint)

urlpatterns = [
    path(API_ROOT.lstrip("/"), ApiRootView.as_view(), name="api_root"),
    path(API_ROOT.lstrip("/"), router.urls),
]

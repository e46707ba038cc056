from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API (Wagtail's API v2) for reusing the content on other sites."""

    name = "kennisbank.api"
    label = "kennisbank_api"

from django.apps import AppConfig


class CachingConfig(AppConfig):
    """Every cache of the site in one place; its signal handlers keep them in step with publishing."""

    name = "kennisbank.caching"
    label = "caching"

    def ready(self):
        from . import purge, worker  # noqa: F401 - they connect invalidation to publishing

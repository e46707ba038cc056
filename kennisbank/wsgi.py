import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kennisbank.settings.production")

django_application = get_wsgi_application()

from kennisbank.caching.version import PageCacheApplication  # noqa: E402 - needs Django set up first

# Cached pages are answered before Django's request handling (kennisbank/cache.py).
application = PageCacheApplication(django_application)

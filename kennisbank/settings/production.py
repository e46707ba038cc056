"""Production: refuses to start without a secret key and allowed hosts."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")

DEBUG = False
if not os.environ.get("REDIS_URL"):
    # Several gunicorn workers must share the content version and the rate limits: without
    # Redis, the database holds them (`manage.py createcachetable` makes the tables).
    CACHES = database_caches()  # noqa: F405
CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS]  # noqa: F405
# Behind a TLS-terminating proxy; set SECURE_SSL_REDIRECT=0 only for local benchmarks over HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin iframe, so SAMEORIGIN (not DENY) is
# required; CSP frame-ancestors 'self' says the same to modern browsers.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

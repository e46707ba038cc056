"""Tests: fast hashing, in-memory cache, no debug (tests see what readers see)."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = shared_caches()  # noqa: F405
# Test clients log in without a request; the lock-out tests switch django-axes back on.
AXES_ENABLED = False

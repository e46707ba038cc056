"""Local development: debug on, a throwaway key, localhost only."""

import os

from .base import *  # noqa: F403
from .base import env_list

if "EMAIL_URL" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # mail is printed, not sent

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

# runserver answers each request in a thread of its own: a connection kept for the next request
# (CONN_MAX_AGE) is never reused and stays open until its thread is garbage collected; a busy
# page (or a browser test) fills PostgreSQL's max_connections with them.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

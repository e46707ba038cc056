"""The ceiling for make bench: the smallest Django app, one view returning a short response.

Served by gunicorn with the product's gunicorn.conf.py (``gunicorn -c gunicorn.conf.py
scripts.ceiling_wsgi:application``), it shows what Django + gunicorn can do on this machine
with no middleware, templates or database, so the site's numbers can be read as a fraction of it.
Not part of the product's URLs.
"""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="ceiling-benchmark-only",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_I18N=False,
        LOGGING_CONFIG=None,
    )
    django.setup()


def hello(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()

"""What readers and the log get while the database or Redis does not answer.

Readers: Varnish serves the pages it holds, also past their time, while the site's health check
(``HealthCheckMiddleware`` in kennisbank/middleware.py) says the database does not answer
(kennisbank/caching/varnish.vcl); any other request gets ``service_unavailable``: a 503 with
``Retry-After`` in the reader's language, never the generic 500 page (the error handler,
kennisbank/views.py, hands database errors here). Nothing is kept between requests, so the first
request after the database's return is served normally.

The log: one line per kind of outage per interval in each process (``OutageLogFilter``), not a
traceback per request, which buried everything else (issue 28: 108,766 lines in 10 seconds).
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# Per kind of outage: what the log calls it, and what readers get meanwhile.
OUTAGES = {
    "database": ("The database", "readers get what Varnish holds and a 503 for the rest"),
    "Redis": ("Redis (the shared cache)", "pages are rendered without it, searches are not logged "
                                         "and feedback is not rate-limited"),
}


# SQLSTATE classes of a database that cannot serve: connection exceptions, insufficient resources
# (too many connections), an administrator's or a crash's shutdown and a server still starting. A
# deadlock or a cancelled query is a fault of its own: the usual 500 and its traceback.
UNAVAILABLE_SQLSTATES = ("08", "53", "57P")


def outage_of(error):
    """"database" or "Redis" when `error` says that one does not answer; else None."""
    if isinstance(error, (OperationalError, InterfaceError)):
        # No SQLSTATE: the driver could not reach the server or lost it (psycopg; SQLite's file).
        sqlstate = getattr(error.__cause__, "sqlstate", None)
        if sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATES):
            return "database"
    if isinstance(error, ConnectionInterrupted):
        return "Redis"
    return None


def service_unavailable(request):
    """The 503 page in the reader's language; it reads nothing from the database."""
    try:
        response = HttpResponse(loader.render_to_string("503.html", request=request), status=503)
    except Exception:  # noqa: BLE001 - the error page itself must never raise
        logger.exception("Could not render the 503 page")
        response = HttpResponse("Service unavailable", status=503, content_type="text/plain")
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    return response


class OutageLogFilter(logging.Filter):
    """Lets through one record per kind of outage (database, Redis) per `seconds`, shortened to
    one line; every other record passes as it is. On the console handler (settings LOGGING),
    so it sees Django's request errors, django-redis's ignored errors and the health check's."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self._quiet_until = {}

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        kind = outage_of(error)
        if kind is None:
            return True
        now = record.created
        if now < self._quiet_until.get(kind, 0):
            return False
        self._quiet_until[kind] = now + self.seconds
        cause = error.__cause__ or error
        what, meanwhile = OUTAGES[kind]
        detail = (str(cause).strip().splitlines() or [""])[0]
        record.msg = "%s does not answer (%s: %s): %s. Said again in %s s if it lasts."
        record.args = (what, type(cause).__name__, detail, meanwhile, self.seconds)
        record.exc_info = record.exc_text = record.stack_info = None
        return True

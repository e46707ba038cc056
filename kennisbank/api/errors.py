"""The API's error messages, in one language: the one the request asks for (``?lang=``), else
English, whatever raised the error.

Wagtail's API raises its errors in English (wagtail/api/v2: filters, pagination, views, utils);
``translated`` gives each of them in the reader's language, with the values it quotes from the
request left as they were. Our own errors are written with gettext, so they follow the same
language.
"""

import re

from django.http import Http404
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from wagtail.api.v2.utils import BadRequestError

from kennisbank.core.languages import language_codes

# For a developer, who may read no Dutch or Arabic: the language of errors when the request
# names none (or none the site has).
DEFAULT_LANGUAGE = "en"


def error_language(request):
    language = request.GET.get("lang")
    return language if language in language_codes() else DEFAULT_LANGUAGE


class ApiError(BadRequestError):
    """A 400 of our own: the message is formatted when the response is made, in its language."""

    def __init__(self, message, **values):
        super().__init__(message)
        self.message, self.values = message, values

    def __str__(self):
        return str(self.message) % self.values


class OverBudget(exceptions.APIException):
    """This client asked more than the API answers per minute; `wait` seconds until the next."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS

    def __init__(self, wait):
        super().__init__()
        self.wait = wait


# Wagtail's messages that we translate as they are; "%(name)s" stands for a value Wagtail quotes
# from the request, which the translation keeps (marked for makemessages, translated when an
# error is answered).
WAGTAIL_MESSAGES_AS_THEY_ARE = [
    gettext_noop("type doesn't exist"),
    gettext_noop("parent page doesn't exist"),
    gettext_noop("ancestor page doesn't exist"),
    gettext_noop("descendant page doesn't exist"),
    gettext_noop("filtering by descendant_of with child_of is not supported"),
    gettext_noop("random ordering cannot be combined with other fields"),
    gettext_noop("random ordering with offset is not supported"),
    gettext_noop("%(name)s must be a positive integer"),
    gettext_noop("limit cannot be higher than %(limit)s"),
    gettext_noop("query parameter is not an operation or a recognised field: %(names)s"),
    gettext_noop("unknown fields: %(names)s"),
    gettext_noop("'%(name)s' does not support nested fields"),
    gettext_noop("'%(name)s' cannot be negated"),
    # The fields parameter's parse error, itself one of these messages: translated in turn.
    gettext_noop("fields error: %(error)s"),
]

# Wagtail's messages that we put in other words: its message as a pattern → ours.
WAGTAIL_MESSAGES_REWORDED = [
    (r"field filter error\. '(?P<value>.*)' is not a valid value for (?P<name>\w+) \(.*\)",
     gettext_noop("'%(value)s' is not a valid value for %(name)s")),
    (r"field filter error\. null characters are not allowed for (?P<name>\w+)",
     gettext_noop("null characters are not allowed in %(name)s")),
    (r"cannot order by '(?P<name>.*)' \((unknown|invalid) field\)", gettext_noop("cannot order by '%(name)s'")),
    (r"unexpected char '(?P<char>.)' at position (?P<position>\d+)",
     gettext_noop("unexpected character '%(char)s' at position %(position)s")),
    (r"unexpected whitespace at position (?P<position>\d+)", gettext_noop("unexpected space at position %(position)s")),
    (r"unexpected end of input \(did you miss out a close bracket\?\)",
     gettext_noop("unexpected end (is a closing bracket missing?)")),
    (r"'(?P<name>.)' must be in the first position", gettext_noop("'%(name)s' must come first")),
    (r"negated fields with '_' doesn't make sense", gettext_noop("negated fields cannot be combined with '_'")),
    (r"additional fields with '\*' doesn't make sense", gettext_noop("additional fields cannot be combined with '*'")),
]


def as_pattern(message):
    """A message of ours that is Wagtail's own, as a pattern of Wagtail's: each "%(name)s" any value."""
    return re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.*)", re.escape(message))


_PATTERNS = [
    (re.compile(pattern, re.S), message)
    for pattern, message in [*((as_pattern(message), message) for message in WAGTAIL_MESSAGES_AS_THEY_ARE),
                             *WAGTAIL_MESSAGES_REWORDED]
]


def translated(message):
    """One of Wagtail's English messages in the active language; one it does not know (a newer
    Wagtail's) as a general message, so no response mixes two languages."""
    for pattern, ours in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            values = match.groupdict()
            if "error" in values:
                values["error"] = translated(values["error"])
            return gettext(ours) % values
    return str(_("This request cannot be answered: check its parameters."))


# DRF's errors the API can meet: a method other than GET, HEAD and OPTIONS; an Accept header
# that rules out JSON.
DRF_MESSAGES = {
    exceptions.MethodNotAllowed: _("This API only reads: it answers GET and HEAD requests."),
    exceptions.NotAcceptable: _("This API answers in JSON only."),
}


def message_for(exc):
    """(status, message) of an error the API answers itself, in the active language; None for
    anything else (a server error, which Django reports)."""
    if isinstance(exc, ApiError):
        return status.HTTP_400_BAD_REQUEST, str(exc)
    if isinstance(exc, BadRequestError):
        return status.HTTP_400_BAD_REQUEST, translated(str(exc))
    if isinstance(exc, (Http404, exceptions.NotFound)):
        return status.HTTP_404_NOT_FOUND, str(_("Not found."))
    if isinstance(exc, OverBudget):
        message = ngettext("Too many requests from your address. Try again in %(seconds)s second.",
                           "Too many requests from your address. Try again in %(seconds)s seconds.", exc.wait)
        return exc.status_code, message % {"seconds": exc.wait}
    if type(exc) in DRF_MESSAGES:
        return exc.status_code, str(DRF_MESSAGES[type(exc)])
    return None

"""Counters in the shared state cache (state.py, where no amount of cached work pushes them out),
for limits per client and time window (the search log's budget, the feedback form's rate limit,
the API's budget)."""

import hashlib
import hmac

from django.conf import settings

from kennisbank.core.client import client_address

from .state import state_cache


def client_window_key(request, window):
    """The client's address (read through TRUSTED_PROXY_DEPTH) and a time window, as a keyed hash
    (HMAC with SECRET_KEY) for a counter's key: it tells clients apart without keeping the
    address, and unlike a plain hash nobody can find the address again by hashing every one."""
    address = client_address(request) or ""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{address}|{window}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def count_one(key, seconds):
    """Add one to the counter `key`, which lives `seconds` from its first count, and return the
    new count; None when the shared cache does not answer (Redis down: nobody can tell how many
    came before, so each caller decides what an unknown count allows)."""
    cache = state_cache()
    try:
        return cache.incr(key)
    except ValueError:  # the first count in this window
        if cache.add(key, 1, seconds):
            return 1
        try:
            return cache.incr(key)  # another worker started it meanwhile
        except ValueError:
            return None

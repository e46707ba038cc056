"""Counters per client and time window in the state cache (state.py), for the search log's
budget and the feedback form's rate limit."""

import hashlib
import hmac
import time

from django.conf import settings

from kennisbank.middleware import client_address

from .state import state_cache


def count_for_client(name, request, seconds):
    """Add one to this client's counter `name` for the current window of `seconds` and return
    the new count; None when the cache does not answer (Redis down: nobody can tell how many
    came before, so each caller decides what an unknown count allows).

    The key holds a keyed hash (HMAC with SECRET_KEY) of the client's address and the window:
    the address is never stored, and without the secret the key cannot be turned back into it
    by trying every address.
    """
    window = int(time.time()) // seconds
    address = client_address(request) or ""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{name}|{address}|{window}".encode(), hashlib.sha256)
    key = f"{name}:{digest.hexdigest()[:32]}"
    cache = state_cache()
    try:
        return cache.incr(key)
    except ValueError:  # the first count in this window: it lives no longer than the window
        if cache.add(key, 1, seconds):
            return 1
        try:
            return cache.incr(key)  # another worker started it meanwhile
        except ValueError:
            return None

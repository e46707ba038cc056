"""A content version in the shared cache: whatever is kept per worker goes stale together when
published content changes (kennisbank/caching/worker.py), and so do cached search work and
block lists (search/)."""

import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction

# Every version by its cache key, so a request can read them all at once (read_once).
_versions = {}
# The versions as a public request found them when it started (read_once).
_request = threading.local()


class CacheVersion:
    """A counter in the shared cache: keys built with it go stale together when it is bumped.

    It starts from the clock, not from 1: after an eviction or a flushed or restarted Redis, a
    counter restarting at 1 would make values made under an old 1 look current again. When the
    cache cannot be reached, every read gives a new value, so nothing kept is ever reused.
    """

    def __init__(self, key):
        self.key = key
        _versions[key] = self

    def current(self):
        found = getattr(_request, "versions", None)
        if found is None:
            return self._read()
        if self.key not in found:  # not in the cache yet, or the cache does not answer
            found[self.key] = self._read()
        return found[self.key]

    def _read(self):
        return cache.get_or_set(self.key, time.time_ns, None)

    def bump(self):
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (evicted or never set)
            cache.set(self.key, time.time_ns(), None)
        found = getattr(_request, "versions", None)
        if found is not None:
            found.pop(self.key, None)  # the rest of this request reads the new value

    def bump_on_commit(self):
        """Bump now, and again when the change commits: Wagtail publishes inside a transaction,
        so a value computed between the signal and the commit still reads the old rows."""
        self.bump()
        transaction.on_commit(self.bump)


@contextmanager
def read_once():
    """Every version read in one round trip to the shared cache as a public request starts,
    and used for the rest of it: a search reads three, and each read is a round trip to Redis.
    A version the cache does not hold is read (and started) when first asked for."""
    _request.versions = cache.get_many(list(_versions))
    try:
        yield
    finally:
        _request.versions = None


content_version = CacheVersion("content-version")

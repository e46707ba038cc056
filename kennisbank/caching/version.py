"""Versions in the shared state cache (state.py, where no amount of cached work can push them
out): whatever is kept per worker goes stale together when published content changes
(kennisbank/caching/worker.py), and so do cached search work and block lists (search/)."""

import threading
import time
from contextlib import contextmanager

from django.db import transaction

from .state import state_cache

# Every version by its cache key, so a request can read them all at once (read_once).
_versions = {}
# The versions as a public request first read them (read_once).
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
        if not getattr(_request, "active", False):
            return self._read()
        found = _request.versions
        if found is None:
            found = _request.versions = state_cache().get_many(list(_versions))
        if self.key not in found:  # not in the cache yet, or the cache does not answer
            found[self.key] = self._read()
        return found[self.key]

    def _read(self):
        return state_cache().get_or_set(self.key, time.time_ns, None)

    def bump(self):
        try:
            state_cache().incr(self.key)
        except ValueError:  # not in the cache (never set, or Redis restarted)
            state_cache().set(self.key, time.time_ns(), None)
        found = getattr(_request, "versions", None)
        if found is not None:
            found.pop(self.key, None)  # the rest of this request reads the new value

    def bump_now_and_at_commit(self):
        """Bump now, for the rest of the changing transaction, and again when it commits: another
        worker that computed a value between the two read the rows from before the change, and
        must not keep it under the version readers see after the commit."""
        self.bump()
        transaction.on_commit(self.bump)


@contextmanager
def read_once():
    """In a public request, every version is read in one round trip to the shared cache when
    the request first asks for one, and used for the rest of it: a search reads three, and each
    read is a round trip to Redis. A version the cache does not hold is read (and started) when
    first asked for."""
    _request.active, _request.versions = True, None
    try:
        yield
    finally:
        _request.active, _request.versions = False, None


content_version = CacheVersion("content-version")


def bump_content_version():
    """Now and again when the change commits: Wagtail publishes inside a transaction, so a value
    computed between the signal and the commit still reads the old rows."""
    content_version.bump_now_and_at_commit()

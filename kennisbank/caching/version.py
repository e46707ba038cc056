"""A content version in the shared cache: whatever is kept per worker goes stale together when
published content changes (kennisbank/caching/worker.py), and so do cached search work and
block lists (search/)."""

import time

from django.core.cache import cache
from django.db import transaction


class CacheVersion:
    """A counter in the shared cache: keys built with it go stale together when it is bumped.

    It starts from the clock, not from 1: after an eviction or a flushed or restarted Redis, a
    counter restarting at 1 would make values made under an old 1 look current again. When the
    cache cannot be reached, every read gives a new value, so nothing kept is ever reused.
    """

    def __init__(self, key):
        self.key = key

    def current(self):
        return cache.get_or_set(self.key, time.time_ns, None)

    def bump(self):
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (evicted or never set)
            cache.set(self.key, time.time_ns(), None)

    def bump_on_commit(self):
        """Bump now, and again when the change commits: Wagtail publishes inside a transaction,
        so a value computed between the signal and the commit still reads the old rows."""
        self.bump()
        transaction.on_commit(self.bump)


content_version = CacheVersion("content-version")

"""Where what must outlive any amount of cached work lives: the content versions (version.py)
and the per-client counters (counters.py), in a cache of their own, ``CACHES["state"]``.

The default cache holds work anyone can make more of (rendered exercise sheets, search word
forms and rankings); Django's database cache culls a third of its keys, in key order, once it
holds ``MAX_ENTRIES``, so one client asking for many sheets and searches pushed out every rate
limit and the content version (issue 28). Apart, they cannot be pushed out by it:

- with Redis, both aliases use the same server: Redis drops no key unless it is given a
  ``maxmemory``, and under a ``volatile-*`` policy only keys that expire, never the versions;
- without Redis (production's database cache), the state has its own table, ``kennisbank_state``
  (``StateDatabaseCache``), whose cull never removes a version;
- in one process (``make run``, the tests), memory of its own.
"""

import datetime

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections

STATE = "state"


def state_cache():
    return caches[STATE]


class StateDatabaseCache(DatabaseCache):
    """Django's database cache with a cull that spares the versions: past ``MAX_ENTRIES`` it
    removes what has expired, then the counters that expire soonest (the oldest windows), and
    never an entry without expiry (a version). A version lost would make every worker drop what
    it keeps; a counter lost lets its client start the window again."""

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key, expires = quote(self._table), quote("cache_key"), quote("expires")
        cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s",
                       [connection.ops.adapt_datetimefield_value(now)])
        remaining = num - cursor.rowcount
        if remaining > self._max_entries:
            # DatabaseCache stores "never expires" as datetime.max, to the second.
            never = connection.ops.adapt_datetimefield_value(datetime.datetime.max.replace(microsecond=0))
            cursor.execute(
                f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {expires} < %s "
                f"ORDER BY {expires} LIMIT %s)",
                [never, max(1, remaining // self._cull_frequency)],
            )

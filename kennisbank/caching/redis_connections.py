"""Connections to Redis that give up at once while Redis is known not to answer.

The shared caches (settings ``redis_cache``) give every call a short timeout, but a search makes
several calls: with Redis frozen (it accepts connections and never answers) each one waited for
its timeout, and searches took seconds (issue 28). Once a call fails to reach Redis, this
process does not ask that Redis again for ``PAUSE`` seconds: calls fail at once, and
django-redis answers them as "nothing cached" (``IGNORE_EXCEPTIONS``). The first call after the
pause tries again, so the site is back on Redis within ``PAUSE`` seconds of its return.
"""

import functools
import time

from redis.connection import Connection
from redis.connection import ConnectionPool as RedisConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

PAUSE = 5.0
# Redis address → time.time() until which it is not asked (per process).
_paused_until = {}


class PausesWhileDown:
    """Mixed into redis-py's connection classes (TCP, TLS, Unix socket)."""

    def _address(self):
        return getattr(self, "path", None) or f"{self.host}:{self.port}"

    def _refuse_while_paused(self):
        if time.time() < _paused_until.get(self._address(), 0):
            raise RedisConnectionError(f"Redis at {self._address()} did not answer a moment ago; not asked again yet")

    def _watch(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            _paused_until[self._address()] = time.time() + PAUSE
            raise

    def connect(self):
        self._refuse_while_paused()
        return self._watch(super().connect)

    def send_packed_command(self, command, check_health=True):
        self._refuse_while_paused()
        return self._watch(super().send_packed_command, command, check_health)

    def read_response(self, *args, **kwargs):
        return self._watch(super().read_response, *args, **kwargs)


@functools.cache
def pausing(connection_class):
    return type(connection_class.__name__, (PausesWhileDown, connection_class), {})


class ConnectionPool(RedisConnectionPool):
    """redis-py's pool with connections that pause (django-redis ``CONNECTION_POOL_CLASS``)."""

    def __init__(self, connection_class=Connection, **kwargs):
        super().__init__(connection_class=pausing(connection_class), **kwargs)

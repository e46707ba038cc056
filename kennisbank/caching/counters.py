"""Counters in the shared cache, for limits per client and time window (the search log's
budget, the feedback form's rate limit)."""

from django.core.cache import cache


def count_one(key, seconds):
    """Add one to the counter `key`, which lives `seconds` from its first count, and return the
    new count; None when the shared cache does not answer (Redis down: nobody can tell how many
    came before, so each caller decides what an unknown count allows)."""
    try:
        return cache.incr(key)
    except ValueError:  # the first count in this window (or the counter was evicted)
        if cache.add(key, 1, seconds):
            return 1
        try:
            return cache.incr(key)  # another worker started it meanwhile
        except ValueError:
            return None

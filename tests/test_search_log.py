"""The search log stays bounded: one row per normalised query, one "without results" row per
query and language, a per-client budget in the shared cache, and a retention command."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import UnansweredQuery


def search(client, query, language="nl", address="203.0.113.7"):
    path = {"nl": "/nl/zoeken/", "en": "/en/search/", "ar": "/ar/search/"}[language]
    response = client.get(path, {"q": query}, REMOTE_ADDR=address)
    assert response.status_code == 200
    return response


def test_without_results_is_one_row_per_query_and_language(client, seeded):
    search(client, "huilenxyz", "nl")
    search(client, "huilenxyz", "en")
    search(client, "huilenxyz", "en")
    rows = dict(UnansweredQuery.objects.filter(query__query_string="huilenxyz")
                .values_list("language", "times"))
    assert rows == {"nl": 1, "en": 2}


def test_queries_are_logged_normalised_and_capped(client, seeded):
    search(client, "Grenzen!")
    search(client, "  grenzen ")
    assert Query.objects.get(query_string="grenzen").hits == 2
    search(client, "lang " * 300)
    assert all(len(q) <= 255 for q in Query.objects.values_list("query_string", flat=True))


def test_one_client_logs_a_bounded_number_of_searches(client, seeded, settings):
    settings.SEARCH_LOG_PER_MINUTE = 5
    before = Query.objects.count(), UnansweredQuery.objects.count(), QueryDailyHits.objects.count()
    for number in range(40):
        search(client, f"onzin{number}woord")
    after = Query.objects.count(), UnansweredQuery.objects.count(), QueryDailyHits.objects.count()
    # 5 per minute; the loop may straddle the turn of a minute, so at most two windows' worth.
    assert all(5 <= b - a <= 10 for a, b in zip(before, after, strict=True))
    # Another reader is still heard.
    search(client, "nogeenonzinwoord", address="198.51.100.1")
    assert Query.objects.filter(query_string="nogeenonzinwoord").exists()


def test_cache_keys_per_hostile_queries_are_bounded(client, seeded, settings):
    """Distinct queries from one client add cache entries only within its budget."""
    settings.SEARCH_LOG_PER_MINUTE = 5
    search(client, "grenzen")  # the site's own caches
    keys_before = len(cache._cache)
    for number in range(100):
        search(client, f"vijandig{number}")
    # Word forms and ranking per query within the budget, plus the budget counter (at most two
    # minutes' windows if the loop straddles the turn of a minute).
    assert len(cache._cache) - keys_before <= 2 * (2 * 5 + 1)


@pytest.mark.django_db
def test_prune_search_log_forgets_old_searches(client, seeded):
    search(client, "oudezoekvraag")
    search(client, "nieuwezoekvraag")
    old = Query.objects.get(query_string="oudezoekvraag")
    QueryDailyHits.objects.filter(query=old).update(date=timezone.localdate() - timedelta(days=100))
    UnansweredQuery.objects.filter(query=old).update(last_seen=timezone.now() - timedelta(days=100))
    call_command("prune_search_log", "--days", "90", verbosity=0)
    assert not Query.objects.filter(query_string="oudezoekvraag").exists()
    assert Query.objects.get(query_string="nieuwezoekvraag").hits == 1
    assert UnansweredQuery.objects.filter(query__query_string="nieuwezoekvraag").exists()


def test_the_budget_key_cannot_be_turned_back_into_the_address(client, seeded, settings):
    """Issue 28, finding 5: the budget's key held sha256 of the address, which anyone can work
    out for every IPv4 address. It is keyed with SECRET_KEY (an HMAC), as the feedback limit's is."""
    import hashlib

    from django.core.cache import caches

    def budget_keys():
        return {key for cache in caches.all() for key in cache._cache if "search-budget" in key}

    address = "203.0.113.7"
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, 30, tzinfo=UTC), tick=False):
        search(client, "grenzen", address=address)
        [first] = budget_keys()
        assert hashlib.sha256(address.encode()).hexdigest()[:16] not in first and address not in first
        settings.SECRET_KEY = "another-secret-" + "k" * 40
        search(client, "grenzen", address=address)
    assert len(budget_keys() - {first}) == 1  # the same address and minute, another secret: another key

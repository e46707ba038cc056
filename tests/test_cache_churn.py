"""What must outlast any amount of cached work does: one client making the site cache many
searches (or sheets) cannot push out the rate limits or the content version, which production
without Redis keeps in the database (kennisbank/caching/state.py)."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kennisbank.caching.version import content_version
from kennisbank.content.models import AttitudePage
from kennisbank.settings.base import database_caches

ADDRESS = "203.0.113.50"


@pytest.fixture
def production_caches(settings):
    """Production's caches without Redis (database tables), the default cache culled at 30
    entries instead of Django's 300, so a test needs fewer requests to fill it."""
    caches = database_caches()
    caches["default"]["OPTIONS"] = {"MAX_ENTRIES": 30}
    settings.CACHES = caches
    call_command("createcachetable")
    with time_machine.travel(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


def post_feedback(page):
    return Client().post(reverse("feedback", args=[page.id]), {"helpful": "yes", "website": ""},
                         HTTP_ORIGIN="http://testserver", REMOTE_ADDR=ADDRESS)


def test_a_flood_of_searches_pushes_out_neither_the_rate_limit_nor_the_content_version(
        seeded, production_caches, settings):
    """Issue 28, finding 2: 297 sheet requests and 60 searches from one address dropped every
    feedback-rate key and made a new content version (every worker dropped what it keeps)."""
    settings.SEARCH_LOG_PER_MINUTE = 100
    page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    posts, _seconds = settings.FEEDBACK_RATE_LIMIT
    assert {post_feedback(page).status_code for _ in range(posts)} == {303}
    version = content_version.current()
    client = Client()
    for number in range(60):
        assert client.get("/nl/zoeken/", {"q": f"vloed{number} grenzen"}, REMOTE_ADDR=ADDRESS).status_code == 200
    assert post_feedback(page).status_code == 429
    assert content_version.current() == version

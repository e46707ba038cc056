import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage


def pytest_addoption(parser):
    parser.addoption(
        "--require-postgres", action="store_true",
        help="Fail (never skip) when the database is not PostgreSQL.",
    )


# First, so pytest-xdist's own hook in each worker sees the groups when it schedules by them.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` fail loudly on another database instead of being skipped. Under
    pytest-xdist (`make test`: --dist loadgroup), the tests that use the live site run on one
    worker, which sets the site up once."""
    if config.getoption("--require-postgres") and "postgresql" not in _engine():
        raise pytest.UsageError("--require-postgres given but DATABASE_URL is not PostgreSQL")
    for item in items:
        if "live_site" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("live_site"))
            item.add_marker(pytest.mark.live_site)


def _engine():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"]


@pytest.fixture(autouse=True)
def _postgres_marker(request):
    if request.node.get_closest_marker("postgres") and "postgresql" not in _engine():
        pytest.fail("This test needs PostgreSQL: run it with DATABASE_URL=postgres://...")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Dutch: a request leaves its language active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    from kennisbank.caching.worker import worker_cache

    for cache in caches.all():
        cache.clear()
    worker_cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
    worker_cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real seed content, loaded once by the real command; each test rolls back its changes."""
    with django_db_blocker.unblock():
        call_command("load_bouwstenen", verbosity=0)
        call_command("rebuild_search_index", verbosity=0)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The seeded site running in a subprocess behind Varnish (tests/live_site.py), shared by the
    tests that need a server; they leave its content as they found it."""
    from .live_site import SiteError, live_site

    try:
        with live_site(tmp_path_factory.mktemp("live-site")) as site:
            yield site
    except SiteError as error:
        pytest.fail(str(error))


@pytest.fixture
def seeded(db):
    return HomePage.objects.get()


@pytest.fixture
def home(seeded):
    return seeded


@pytest.fixture
def block(seeded):
    return BlockPage.objects.get(number=4)


@pytest.fixture
def attitude(seeded):
    return AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


def soup(response):
    """A response's HTML, parsed: tests look at what a reader would see. The contents of a
    `<template>` are inert until a script copies them (Wagtail's admin keeps dialogs there), so
    they are left out, as the HTML parser leaves them in and CSS selectors would find them."""
    html = BeautifulSoup(response.content.decode(), "html.parser")
    for template in html.find_all("template"):
        template.decompose()
    return html


def url_in(page, language):
    """The page's URL in `language` (its translated slugs)."""
    with translation.override(language):
        return page.url


def edit_data(page, title):
    """What the admin's edit form posts for an attitude page, with this Dutch title (its other
    translated titles and slugs kept, no examples or exercises)."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    empty = {f"{name}_{lang}": streamfield([]) for name in ("examples", "exercises") for lang in ("nl", "en", "ar")}
    return nested_form_data({
        "title_nl": title, "slug_nl": page.slug_nl, "title_en": page.title_en or "",
        "slug_en": page.slug_en or "", "title_ar": page.title_ar or "", "slug_ar": page.slug_ar or "",
        **empty,
        "related_attitudes-TOTAL_FORMS": 0, "related_attitudes-INITIAL_FORMS": 0,
        "related_attitudes-MIN_NUM_FORMS": 0, "related_attitudes-MAX_NUM_FORMS": 1000,
    })


@pytest.fixture
def shared_cache_down(settings):
    """The site's Redis cache set-up (kennisbank.settings.base.shared_caches) pointed at a port
    where nothing answers: what readers get while Redis is down."""
    from kennisbank.settings.base import shared_caches

    from .varnish import free_port

    settings.CACHES = shared_caches(f"redis://127.0.0.1:{free_port()}/0")

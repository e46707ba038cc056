"""The house a newcomer finds their way in: apps do not import each other in a circle, and the
route wagtail-modeltranslation puts on every page is replaced by ours, on purpose."""

import ast
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from wagtail.models import Page

from . import in_a_virtualenv

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


def module_name(path, root=ROOT):
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def imports_of(path, root=ROOT):
    """The modules `path` imports (absolute names; relative imports resolved), with their lines."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base, node.lineno
            yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def project_package_modules():
    """The modules at the top of the project package (settings, urls, middleware, ...): what
    wires the apps together, which the apps must not import."""
    return {f"kennisbank.{path.stem}" for path in (ROOT / "kennisbank").glob("*.py") if path.stem != "__init__"} | {
        "kennisbank.settings"
    }


def climbing_imports(folder):
    """Imports in `folder`'s modules (migrations aside) of a module at the top of the project
    package: the arrows that climb from an app up into what wires the apps together."""
    top = project_package_modules()
    return sorted({
        f"{path.relative_to(folder.parent)}:{line} imports {module}"
        for path in folder.rglob("*.py") if "migrations" not in path.parts
        for name, line in imports_of(path, folder.parent)
        for module in top if name == module or name.startswith(module + ".")
    })


def test_no_app_climbs_into_the_project_package():
    """Apps use each other and kennisbank.core (languages, client address); never the project
    package's own modules, which import the apps."""
    found = [found for app in project_apps() for found in climbing_imports(ROOT / app.replace(".", "/"))]
    assert found == []


def test_the_layout_check_finds_a_planted_climbing_import(tmp_path):
    app = tmp_path / "planted"
    app.mkdir()
    (app / "models.py").write_text("def f():\n    from kennisbank.middleware import client_address\n")
    assert climbing_imports(app) == ["planted/models.py:2 imports kennisbank.middleware"]


def test_no_module_imports_a_view():
    """Views are the top of an app: urls.py and wagtail_hooks.py (Wagtail's place for admin URLs)
    may import them, nothing else."""
    views = {module_name(path) for path in ROOT.rglob("views.py") if not in_a_virtualenv(path)}
    found = sorted(
        f"{module_name(path)} imports {name}"
        for app in ["kennisbank", "search", "home"] for path in (ROOT / app).rglob("*.py")
        if path.name not in {"urls.py", "wagtail_hooks.py"} and "migrations" not in path.parts
        for name, _line in imports_of(path) if name in views and module_name(path) != name
    )
    assert found == []


def test_no_two_modules_of_ours_import_each_other():
    """No circle between modules either (Wagtail takes "app.Model" strings for page types)."""
    paths = [path for app in ["kennisbank", "search", "home"] for path in (ROOT / app).rglob("*.py")
             if "migrations" not in path.parts]
    ours = {module_name(path): path for path in paths}
    graph = {name: {imported for imported, _line in imports_of(path) if imported in ours and imported != name}
             for name, path in ours.items()}
    pairs = sorted((a, b) for a in graph for b in graph[a] if a < b and a in graph[b] and not a.endswith(b))
    assert pairs == []


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

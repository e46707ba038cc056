"""Every interface text of the public (Jinja2) templates reaches the translators.

`makemessages` reads templates as Django templates: it finds `_("...")` with a plain string
literal, and nothing else (no `{% trans %}`, no `ngettext`, no arguments to `_`). Texts with
plurals are therefore built in Python (kennisbank/templating.py).
"""

import re
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

from . import in_a_virtualenv

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(path for path in ROOT.glob("**/jinja2/**/*") if path.is_file() and not in_a_virtualenv(path))
CATALOGUES = sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po"))
LITERAL = re.compile(r"""\b_\((?:"([^"]*)"|'([^']*)')\)""")


def found_by_makemessages(source, path):
    return [double or single for double, single in LITERAL.findall(templatize(source, origin=str(path)))]


def test_the_public_templates_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in TEMPLATES}
    assert {"kennisbank/jinja2/base.html", "kennisbank/content/jinja2/kennisbank/attitude_page.html",
            "search/jinja2/search/search.html", "home/jinja2/home/home_page.html"} <= names
    assert len(CATALOGUES) == 3


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_text_is_extracted_and_translated(path):
    source = path.read_text()
    texts = found_by_makemessages(source, path)
    # Each call of _ is one that makemessages understands.
    assert len(texts) == len(re.findall(r"\b_\(", source))
    assert not re.search(r"\bn?gettext\(|\bpgettext\(|{%-?\s*trans\b", source)
    for catalogue in CATALOGUES:
        po = polib.pofile(str(catalogue))
        for text in texts:
            entry = po.find(text)
            assert entry is not None and entry.translated(), f"{text!r} is not translated in {catalogue}"

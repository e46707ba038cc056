"""The Bouwstenen content from the repo's data files, loaded into pages (manage.py load_bouwstenen).

`data/bouwstenen.json` holds the home page, the five blocks with their 33 attitudes (the model's
own words in Dutch, verbatim from the source, with English and Arabic titles) and the editors'
texts: introductions, summaries, explanations, examples, exercises, related attitudes, the
standing pages, the situation finder's themes (which name attitudes by their key, "1.3") and the
review every block, attitude and standing page starts with.
`data/situations.json` holds per attitude the situations readers recognise, per language.
`data/previous.json` holds what earlier versions of the loader wrote: per page (section, key)
and column, every earlier value, in the form the field stores it (text, rich text as HTML, a
StreamField as its blocks without ids). `load_bouwstenen --remember OLD_FILE` adds to it what an
older data file would have written wherever the current one differs, so a corrected text reaches
a database seeded before the correction.

Loading is idempotent and never overwrites an editor's work: a field is filled only when it is
empty or still holds what the loader wrote before (the current or a previous value). A
StreamField counts as one field per language: an editor's change to one example keeps the
loader's hands off that language's examples. Pages that exist are found by their seed key (an
attitude "3.5", a standing page "about-this-site") or number (a block), even after an editor
renamed them. A page with unpublished changes or in review is left alone and reported. Changed
pages are saved as a new revision and published.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from wagtail.models import Page, Site

from kennisbank.core.languages import SOURCE_LANGUAGE, is_empty, localized

from .models import AttitudePage, BlockPage, ContentPage, RelatedAttitude, SituationFinderPage
from .seed_values import (
    attitude_values,
    block_values,
    comparable,
    content_page_values,
    finder_values,
    home_values,
    pages_of,
    storable,
)

DATA = Path(__file__).resolve().parent / "data"


class SeedError(Exception):
    """The data files cannot be read; the message says which and why."""


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: dict = field(default_factory=dict)  # page title → names of the fields filled
    skipped: list = field(default_factory=list)

    def summary(self):
        fields = sum(len(names) for names in self.updated.values())
        text = (f"Bouwstenen content loaded: {len(self.created)} page(s) created, "
                f"{fields} field(s) filled on {len(self.updated)} page(s)")
        if self.skipped:
            text += f"; left alone (unpublished changes or in review): {', '.join(self.skipped)}"
        return text + "."


def read(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SeedError(f"Cannot read seed data from {path}: {error}") from error


def remember(old_data, data, previous):
    """Add to `previous` what `old_data` would have written wherever `data` writes something
    else, so that load() replaces it in a database seeded with `old_data`. Returns how many
    values were added."""
    old_pages = {(section, key): values for section, key, _model, values in pages_of(old_data)}
    added = 0
    for section, key, model, values in pages_of(data):
        for name, by_language in old_pages.get((section, key), {}).items():
            for language, old in by_language.items():
                column = localized(name, language)
                new = values.get(name, {}).get(language)
                if new is not None and comparable(model, column, old) == comparable(model, column, new):
                    continue
                known = previous.setdefault(section, {}).setdefault(key, {}).setdefault(column, [])
                if comparable(model, column, old) not in {comparable(model, column, value) for value in known}:
                    known.append(storable(model, column, old))
                    added += 1
    return added


class Loader:
    def __init__(self, data, previous):
        self.data, self.previous, self.report = data, previous, Report()

    def run(self):
        with translation.override(SOURCE_LANGUAGE):
            home = self.home_page()
            self.site(home)
            attitudes = {}
            for block_data in self.data["blocks"]:
                block = self.block_page(home, block_data)
                for position, attitude_data in enumerate(block_data["attitudes"], start=1):
                    key = f"{block_data['number']}.{position}"
                    attitudes[key] = (self.attitude_page(block, key, attitude_data), attitude_data)
            for page_data in self.data.get("pages", []):
                self.content_page(home, page_data)
            if "finder" in self.data:
                self.finder_page(home, {key: page.id for key, (page, _data) in attitudes.items()})
            self.link_related(attitudes)
        return self.report

    # Pages

    def home_page(self):
        # The page type that may hold the blocks is the home page's (home.HomePage).
        home_model = BlockPage.allowed_parent_page_models()[0]
        home = home_model.objects.first()
        values = home_values(self.data)
        if home is None:
            # Wagtail's placeholder "Welcome" page (plain Page, nothing below it) makes way.
            for placeholder in Page.objects.filter(depth=2, content_type__model="page"):
                if not placeholder.get_children().exists():
                    placeholder.delete()
            return self.create(Page.get_first_root_node(), home_model(slug="home", slug_nl="home"), values)
        return self.fill(home, values, self.previous.get("home", {}).get("home", {}))

    def site(self, home):
        """The default Site serves the home page at PUBLIC_ORIGIN, so every full URL (sitemap,
        API, cache purges) names the address readers use."""
        origin = urlsplit(settings.PUBLIC_ORIGIN)
        port = origin.port or (443 if origin.scheme == "https" else 80)
        wanted = {"hostname": origin.hostname, "port": port, "root_page": home}
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(is_default_site=True, site_name=self.data["home"]["title"][SOURCE_LANGUAGE], **wanted)
        elif any(getattr(site, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(site, name, value)
            site.save()

    def block_page(self, home, data):
        values = block_values(self.data, data)
        block = BlockPage.objects.filter(number=data["number"]).first()
        if block is None:
            return self.create(home, BlockPage(number=data["number"]), values)
        return self.fill(block, values, self.previous.get("blocks", {}).get(str(data["number"]), {}))

    def attitude_page(self, block, key, data):
        values = attitude_values(self.data, data)
        page = AttitudePage.objects.filter(seed_key=key).first()
        if page is None:
            return self.create(block, AttitudePage(seed_key=key), values)
        return self.fill(page, values, self.previous.get("attitudes", {}).get(key, {}))

    def content_page(self, home, data):
        values = content_page_values(self.data, data)
        page = ContentPage.objects.filter(seed_key=data["key"]).first()
        if page is None:
            return self.create(home, ContentPage(seed_key=data["key"]), values)
        return self.fill(page, values, self.previous.get("pages", {}).get(data["key"], {}))

    def finder_page(self, home, attitude_ids):
        values = finder_values(self.data, attitude_ids)
        page = SituationFinderPage.objects.first()
        if page is None:
            return self.create(home, SituationFinderPage(), values)
        return self.fill(page, values, self.previous.get("finder", {}).get("finder", {}))

    def link_related(self, attitudes):
        """Related attitudes are added to a page that has none yet, when the loader first gave it
        its texts; links an editor removed later stay removed."""
        for page, data in attitudes.values():
            wanted = [attitudes[key][0] for key in data.get("related", []) if key in attitudes]
            if not wanted or not getattr(page, "_seed_filled_summary", False):
                continue
            if RelatedAttitude.objects.filter(page=page).exists():
                continue
            draft = page.get_latest_revision_as_object()
            draft.related_attitudes = [RelatedAttitude(related=other) for other in wanted]
            draft.save_revision().publish()

    # Fields

    def create(self, parent, page, values):
        for name, by_language in values.items():
            for language, value in by_language.items():
                setattr(page, localized(name, language), value)
            if SOURCE_LANGUAGE in by_language:
                setattr(page, name, by_language[SOURCE_LANGUAGE])
        parent.add_child(instance=page)
        page.save_revision().publish()
        page._seed_filled_summary = True
        self.report.created.append(page.title)
        return page

    def fill(self, page, values, previous):
        """Fill the fields that are empty or still hold a value the loader wrote."""
        page = page.specific
        if page.has_unpublished_changes or page.workflow_in_progress:
            self.report.skipped.append(page.title)
            return page
        filled = []
        for name, by_language in values.items():
            for language, value in by_language.items():
                column = localized(name, language)
                current = comparable(page, column, getattr(page, column))
                if current == comparable(page, column, value):
                    continue
                written_before = {comparable(page, column, old) for old in previous.get(column, [])}
                if is_empty(getattr(page, column)) or current in written_before:
                    setattr(page, column, value)
                    if language == SOURCE_LANGUAGE:
                        setattr(page, name, value)
                    filled.append(column)
        if filled:
            page._seed_filled_summary = any(column.startswith("summary_") for column in filled)
            page.save_revision().publish()
            self.report.updated[page.title] = filled
        return page


def read_data(data_file):
    data = read(data_file)
    if not isinstance(data, dict) or not isinstance(data.get("blocks"), list) or "home" not in data:
        raise SeedError(f"Cannot read seed data from {data_file}: it has no home page and blocks.")
    return data


def with_situations(data, situations):
    """The attitudes of `data` with their situations from `situations` ({"3.5": {language:
    [lines]}}): a file of their own, written and grown apart from the pages' texts."""
    for block in data["blocks"]:
        for position, attitude in enumerate(block["attitudes"], start=1):
            attitude["situations"] = situations.get(f"{block['number']}.{position}", {})
    return data


def load(data_file=DATA / "bouwstenen.json", previous_file=DATA / "previous.json",
         situations_file=DATA / "situations.json"):
    data = with_situations(read_data(data_file), read(situations_file))
    return Loader(data, read(previous_file)).run()


def remember_file(old_file, data_file=DATA / "bouwstenen.json", previous_file=DATA / "previous.json",
                  old_situations_file=None, situations_file=DATA / "situations.json"):
    """remember() from and into files: previous.json is rewritten in its own layout. The
    situations are compared too when `old_situations_file` (an earlier situations.json) is given."""
    previous = read(previous_file)
    old_data = read_data(old_file)
    if old_situations_file:
        old_data = with_situations(old_data, read(old_situations_file))
    data = with_situations(read_data(data_file), read(situations_file))
    added = remember(old_data, data, previous)
    Path(previous_file).write_text(json.dumps(previous, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return added

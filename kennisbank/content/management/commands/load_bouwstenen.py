"""Load the Bouwstenen seed content: home page, five blocks, 33 attitudes, in nl/en/ar.

Idempotent and conservative: a page that already exists (a block by its number, an attitude
by its seed key) is left exactly as it is, so editors' changes and additions survive any
number of re-runs. Only missing pages are created.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage

DATA_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "bouwstenen.json"


def fields(entry, *names):
    """Keyword arguments setting each named field in every language (title_nl, title_en, ...)."""
    kwargs = {}
    for name in names:
        for code, _name in settings.LANGUAGES:
            kwargs[f"{name}_{code}"] = entry[name].get(code, "")
        kwargs[name] = entry[name][settings.LANGUAGE_CODE]
    return kwargs


class Command(BaseCommand):
    help = "Create the Bouwstenen home page, blocks and attitudes that do not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="JSON data file to load.")

    def handle(self, *args, **options):
        try:
            data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
            blocks = data["blocks"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read seed data from {options['file']}: {error}") from error
        # Pages made by Wagtail's own migrations predate the translated columns.
        call_command("update_translation_fields", verbosity=0)
        self.created = 0
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            home = self.home_page(data["home"])
            for block_data in blocks:
                block = self.block_page(home, block_data)
                for position, attitude in enumerate(block_data["attitudes"], start=1):
                    self.attitude_page(block, f"{block_data['number']}.{position}", attitude)
        self.stdout.write(f"Bouwstenen content loaded: {self.created} page(s) created.")

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def home_page(self, data):
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's placeholder "Welcome" page (plain Page, nothing below it) makes way.
            for placeholder in Page.objects.filter(depth=2, content_type__model="page"):
                if not placeholder.get_children().exists():
                    placeholder.delete()
            home = self.publish(
                Page.get_first_root_node(),
                HomePage(**fields(data, "title", "introduction"), slug="home", slug_nl="home"),
            )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True,
                                site_name=data["title"][settings.LANGUAGE_CODE])
        elif site.root_page_id != home.id:
            site.root_page = home
            site.save()
        return home

    def block_page(self, home, data):
        block = BlockPage.objects.filter(number=data["number"]).first()
        if block is not None:
            return block
        return self.publish(
            home,
            BlockPage(number=data["number"],
                      **fields(data, "title", "slug", "goal", "alternative_names")),
        )

    def attitude_page(self, block, key, data):
        if AttitudePage.objects.filter(seed_key=key).exists():
            return
        self.publish(block, AttitudePage(seed_key=key, **fields(data, "title", "slug", "keywords")))

"""Shared by the on-demand benchmarks: a throwaway PostgreSQL database and a large corpus.

``prepare(dbname, per_block)`` drops and recreates the named database (never any other), sets
``DATABASE_URL`` and Django up (``kennisbank.settings.dev`` unless already chosen), migrates,
loads the Bouwstenen seed (home, 5 blocks, 33 attitudes) and adds ``per_block`` generated
attitude pages under every block, with a translated summary, keywords and 2-3 examples in
nl/en/ar, then rebuilds the search index.

Publishing 10 000 pages one by one (``add_child`` + ``save_revision().publish()``) takes far
too long, so the generated pages are written in bulk: ``wagtailcore_page`` rows with
``bulk_create`` on ``Page`` (treebeard path, depth, translated url paths, content type and
locale set by hand; the parents' ``numchild`` updated), then the ``kennisbank_attitudepage``
rows pointing at them with the queryset's multi-row insert (Django's ``bulk_create`` refuses
multi-table children). The result is the tree Wagtail would have built, minus revisions.

Run from the project root: ``python -m scripts.bench_search`` / ``python -m scripts.bench_site``.
"""

import argparse
import contextlib
import html
import io
import json
import os
import random
import re
import sys
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_HOST_URL = PG_ADMIN_URL.rsplit("/", 1)[0]
LANGS = ("nl", "en", "ar")
DOCS = ROOT / "docs" / "benchmarks.md"

# Word lists, (nl, en, ar) each: a page's or an example's topic ("themes"), where it happens
# ("settings"), who, how the child feels, what the parent does, why it helps. Themes are drawn
# with a Zipf-like weight, so some words sit on a quarter of the pages and some on a few percent:
# queries hit some pages and not others, as in real life.
WORDS = json.loads((ROOT / "scripts" / "corpus_words.json").read_text(encoding="utf-8"))
AUDIENCES = ("parents", "professionals", "both")
# Two themes per page with these weights put the commonest theme on about a quarter of the
# pages and the rarest on about 3 %.
THEME_WEIGHTS = [1 / (rank + 1) ** 0.6 for rank in range(len(WORDS["themes"]))]


def _slug(text):
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def _example(rng, theme):
    """One StreamField example child, raw, in each language."""
    name = rng.choice(WORDS["names"])
    setting = rng.choice(WORDS["settings"])
    feeling = rng.choice(WORDS["feelings"])
    action = rng.choice(WORDS["actions"])
    benefit = rng.choice(WORDS["benefits"])
    age = rng.randint(2, 12)
    audience = rng.choice(AUDIENCES)
    block_id = str(uuid.uuid4())
    texts = {
        "nl": {
            "title": f"{name[0]} {setting[0]}",
            "situation": f"{name[0]} ({age} jaar) is {feeling[0]} {setting[0]}. "
                         f"Het gaat weer over {theme[0]}.",
            "parent_action": f"De ouder {action[0]}, met aandacht voor {theme[0]}.",
            "why_it_helps": benefit[0],
        },
        "en": {
            "title": f"{name[1]} {setting[1]}",
            "situation": f"{name[1]} ({age}) is {feeling[1]} {setting[1]}. "
                         f"Once again it is about {theme[1]}.",
            "parent_action": f"The parent {action[1]}, paying attention to {theme[1]}.",
            "why_it_helps": benefit[1],
        },
        "ar": {
            "title": f"{name[2]} {setting[2]}",
            "situation": f"يشعر {name[2]} ({age} سنوات) {feeling[2]} {setting[2]}. "
                         f"الأمر يتعلق مرة أخرى بموضوع {theme[2]}.",
            "parent_action": f"الوالد {action[2]}، مع الانتباه إلى {theme[2]}.",
            "why_it_helps": benefit[2],
        },
    }
    return {
        lang: {"type": "example", "id": block_id, "value": {**value, "audience": audience}}
        for lang, value in texts.items()
    }


def attitude_content(rng, number):
    """Titles, slugs, summary, keywords and 2-3 examples of generated attitude `number`."""
    themes = []
    while len(themes) < 2:
        theme = rng.choices(WORDS["themes"], weights=THEME_WEIGHTS)[0]
        if theme not in themes:
            themes.append(theme)
    setting = rng.choice(WORDS["settings"])
    examples = [_example(rng, rng.choice(themes)) for _ in range(rng.randint(2, 3))]
    content = {}
    for i, lang in enumerate(LANGS):
        topic, other = (theme[i] for theme in themes)
        title = f"{topic[0].upper()}{topic[1:]} {setting[i]}"
        content[lang] = {
            "title": title,
            "slug": f"{_slug(title)}-{number}",
            "summary": {
                "nl": f"Hoe je als ouder omgaat met {topic} en {other} {setting[i]}, "
                      f"met voorbeelden uit het dagelijks leven.",
                "en": f"How a parent can handle {topic} and {other} {setting[i]}, "
                      f"with examples from everyday life.",
                "ar": f"كيف يتعامل الوالدان مع {topic} و{other} {setting[i]}، "
                      f"مع أمثلة من الحياة اليومية.",
            }[lang],
            "keywords": f"{topic}, {other}",
            "examples": [example[lang] for example in examples],
        }
    return content


# --------------------------------------------------------------------------------------------
# Database and Django
# --------------------------------------------------------------------------------------------

def database_url(dbname):
    return f"{PG_HOST_URL}/{dbname}"


def recreate_database(dbname):
    """Drop and create `dbname` (a benchmark or evaluation database only; refuses other names)."""
    import psycopg

    if "bench" not in dbname and "eval" not in dbname:
        raise SystemExit(f"refusing to drop {dbname!r}: benchmark databases have 'bench' or "
                         "'eval' in their name")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def database_exists(dbname):
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()


def setup_django(dbname, settings_module="kennisbank.settings.dev"):
    """Point Django at the benchmark database. Must run before anything imports models."""
    os.environ["DATABASE_URL"] = database_url(dbname)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.pop("REDIS_URL", None)  # the builder's cache is local memory
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _base36(number, width):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out.rjust(width, "0")


def add_attitudes(per_block):
    """Bulk-create `per_block` live AttitudePages under every BlockPage."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone, translation
    from wagtail.models import Locale, Page

    from kennisbank.content.models import AttitudePage, BlockPage

    rng = random.Random(20240601)  # the same corpus on every run
    content_type = ContentType.objects.get_for_model(AttitudePage)
    locale = Locale.get_default()
    now = timezone.now()
    child_fields = AttitudePage._meta.local_concrete_fields
    with translation.override("nl"), transaction.atomic():
        for block in BlockPage.objects.order_by("number"):
            last = (
                Page.objects.filter(path__startswith=block.path, depth=block.depth + 1)
                .order_by("-path").values_list("path", flat=True).first()
            )
            start = int(last[-Page.steplen:], 36) + 1 if last else 1
            for offset in range(0, per_block, 500):  # 500 pages per bulk insert
                count = min(500, per_block - offset)
                pages, contents = [], []
                for i in range(start + offset, start + offset + count):
                    number = block.number * 100000 + i
                    content = attitude_content(rng, number)
                    kwargs = {}
                    for lang in LANGS:
                        kwargs[f"title_{lang}"] = content[lang]["title"]
                        kwargs[f"slug_{lang}"] = content[lang]["slug"]
                        kwargs[f"url_path_{lang}"] = (
                            getattr(block, f"url_path_{lang}") or block.url_path_nl
                        ) + content[lang]["slug"] + "/"
                    pages.append(Page(
                        path=block.path + _base36(i, Page.steplen),
                        depth=block.depth + 1,
                        numchild=0,
                        title=kwargs["title_nl"],
                        draft_title=kwargs["title_nl"],
                        slug=kwargs["slug_nl"],
                        url_path=kwargs["url_path_nl"],
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        content_type=content_type,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        **kwargs,
                    ))
                    contents.append(content)
                Page.objects.bulk_create(pages)
                children = []
                for page, content in zip(pages, contents, strict=True):
                    fields = {"page_ptr_id": page.pk, "seed_key": ""}
                    for lang in LANGS:
                        fields[f"summary_{lang}"] = content[lang]["summary"]
                        fields[f"keywords_{lang}"] = content[lang]["keywords"]
                        fields[f"examples_{lang}"] = content[lang]["examples"]
                        fields[f"explanation_{lang}"] = ""
                        fields[f"exercises_{lang}"] = []
                    fields.update(
                        summary=fields["summary_nl"], keywords=fields["keywords_nl"],
                        examples=fields["examples_nl"], explanation="", exercises=[],
                    )
                    child = AttitudePage(**fields)
                    child.id = page.pk
                    children.append(child)
                # Django's bulk_create refuses multi-table children; its insert does not.
                AttitudePage.objects._insert(children, fields=child_fields)
            Page.objects.filter(pk=block.pk).update(numchild=F("numchild") + per_block)
            print(f"  block {block.number}: +{per_block} attitudes")


def verify_pages():
    """A generated attitude answers 200 with its title in every language (Django client)."""
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import translation

    from kennisbank.content.models import AttitudePage

    page = AttitudePage.objects.filter(seed_key="").order_by("-path").first()
    client = Client()
    with override_settings(ALLOWED_HOSTS=["*"]):
        for lang in LANGS:
            with translation.override(lang):
                url = page.get_url()
            response = client.get(url, HTTP_HOST="localhost")
            if response.status_code != 200:
                raise SystemExit(f"generated page {url} answered {response.status_code}")
            title = getattr(page, f"title_{lang}")
            if title not in html.unescape(response.content.decode()):
                raise SystemExit(f"generated page {url} does not show its {lang} title {title!r}")
            print(f"  200 {url}")


def benchmark_parser(doc, database, per_block=2000):
    """The command line the benchmarks share: the database the corpus is built in, its size, and
    whether the script writes its section of docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--database", default=database,
                        help=f"database to (re)create for it, its name holding 'bench'; default {database}")
    parser.add_argument("--per-block", type=int, default=per_block,
                        help=f"generated attitudes per block (5 blocks); default {per_block}")
    parser.add_argument("--reuse", action="store_true",
                        help="keep an existing benchmark database that already holds the corpus")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    return parser


def manage(*commands):
    """Run Django management commands with their output swallowed (modeltranslation's migrate
    talks a lot)."""
    from django.core.management import call_command

    with contextlib.redirect_stdout(io.StringIO()):
        for command in commands:
            call_command(command, verbosity=0)


def fresh_or_reused(dbname, reuse):
    """Point Django at `dbname`, recreated unless `reuse` and it exists; True when reused."""
    reusing = reuse and database_exists(dbname)
    if not reusing:
        recreate_database(dbname)
    setup_django(dbname)
    return reusing


def build_corpus(dbname, per_block, reuse=False):
    """Fresh database + seed + generated attitudes + search index. Returns corpus statistics.

    With `reuse`, an existing database that already holds the corpus is kept as it is.
    """
    started = time.perf_counter()
    reusing = fresh_or_reused(dbname, reuse)
    print(f"{'Found' if reusing else 'Created'} database {dbname}")
    from django.db import connection

    from kennisbank.content.models import AttitudePage
    from search.models import SearchEntry

    manage("migrate")  # a reused database is brought to the current schema, as a deployment would be
    if not (reusing and AttitudePage.objects.filter(seed_key="").count() >= per_block * 5):
        if reusing:
            print("  it lacks the corpus: created again")
            connection.close()  # the drop would end it under Django's feet
            recreate_database(dbname)
            manage("migrate")
        manage("load_bouwstenen")
        step = time.perf_counter()
        add_attitudes(per_block)
        print(f"  generated {per_block * 5} attitudes in {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        manage("rebuild_search_index")
        print(f"  search index rebuilt in {time.perf_counter() - step:.1f} s")
        with connection.cursor() as cursor:  # fresh statistics, as a live database has
            cursor.execute("VACUUM ANALYZE")
    stats = corpus_stats()
    stats["build_seconds"] = time.perf_counter() - started
    stats["search_entries"] = SearchEntry.objects.count()
    print(f"Corpus: {stats['attitudes']} attitudes, {stats['examples']} examples per language, "
          f"{stats['search_entries']} search entries ({stats['build_seconds']:.0f} s)")
    return stats


def corpus_stats():
    from django.db import connection

    from kennisbank.content.models import AttitudePage, BlockPage

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(jsonb_array_length(examples_nl::jsonb)), 0) "
            "FROM kennisbank_attitudepage"
        )
        examples = cursor.fetchone()[0]
    return {
        "blocks": BlockPage.objects.count(),
        "attitudes": AttitudePage.objects.count(),
        "examples": int(examples),
    }


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------

def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "date": date.today().isoformat()}


def table(headers, rows):
    """A Markdown table (also readable in a terminal)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |",
             "| " + " | ".join("-" * w for w in widths) + " |"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
              for row in cells[1:]]
    return "\n".join(lines)


def write_section(title, body):
    """Replace (or append) the `## {title}` section of docs/benchmarks.md."""
    DOCS.parent.mkdir(exist_ok=True)
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else (
        "# Benchmarks\n\nOn-demand measurements on PostgreSQL (not part of CI). Each section is "
        "rewritten by the script that produced it.\n"
    )
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    DOCS.write_text(text, encoding="utf-8")
    return DOCS


def machine_busy():
    """Fraction of all CPUs busy over a second (from /proc/stat)."""
    def sample():
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = values[3] + values[4]
        return sum(values), idle

    total1, idle1 = sample()
    time.sleep(1)
    total2, idle2 = sample()
    return 1 - (idle2 - idle1) / max(1, total2 - total1)


def wait_quiet():
    """Give other work on the machine up to 30 s to calm down below 15 % busy; returns the busy
    share."""
    deadline = time.time() + 30
    while True:
        busy = machine_busy()
        if busy < 0.15 or time.time() > deadline:
            return busy


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]

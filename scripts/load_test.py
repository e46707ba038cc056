"""Load test: 30 s, 64 connections, a mix of pages in three languages and searches.

Run on demand (`make load-test`), not in CI's timing. The site runs under gunicorn with
production settings on 127.0.0.1 against its own PostgreSQL database (the seed plus 40
generated attitudes per block); wrk picks a random URL per request from the mix. The run
passes when every request is answered without an error (non-2xx/3xx or socket error).

    python -m scripts.load_test [--database kennisbank_bench_load] [--per-block 40] [--duration 30]
                                [--connections 64] [--workers 4] [--reuse] [--no-docs]
"""

import json
import os
import random
import sys
import tempfile
from pathlib import Path

from scripts import bench_common as bc
from scripts.bench_search import search_url
from scripts.bench_site import Gunicorn, ensure_wrk, fetch, production_site, run_wrk

DBNAME = "kennisbank_bench_load"
QUERIES = ["grenzen", "boos", "mijn kind wordt snel boos", "luisteren", "ruzie", "frustatie",
           "boundaries", "tantrum", "body language", "الحدود", "النوم", "xyzzy", ""]


def url_mix(rng):
    from django.utils import translation
    from django.utils.encoding import iri_to_uri
    from wagtail.models import Page

    from home.models import HomePage
    from kennisbank.content.models import AttitudePage, BlockPage

    paths = []
    pages = list(Page.objects.live().type(HomePage, BlockPage, AttitudePage).specific())
    for language in ("nl", "en", "ar"):
        with translation.override(language):
            paths += [iri_to_uri(page.url) for page in rng.sample(pages, min(len(pages), 40))]
            paths += [search_url(language, query) for query in QUERIES]
    return paths


def lua_script(paths, directory):
    # JSON string literals are valid Lua string literals for these ASCII/UTF-8 paths.
    entries = ",\n".join("  " + json.dumps(path, ensure_ascii=False) for path in paths)
    script = Path(directory) / "mix.lua"
    script.write_text(
        f"paths = {{\n{entries}\n}}\n"
        "request = function()\n"
        "  return wrk.format('GET', paths[math.random(#paths)])\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def main(argv=None):
    parser = bc.benchmark_parser(__doc__, DBNAME, per_block=40)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)

    wrk = ensure_wrk()
    bc.build_corpus(args.database, args.per_block, reuse=args.reuse)
    paths = url_mix(random.Random(7))
    from django.db import connections

    connections.close_all()
    env = production_site(args.database)
    with tempfile.TemporaryDirectory(prefix="kennisbank-load-") as directory:
        script = lua_script(paths, directory)
        with Gunicorn("site", "kennisbank.wsgi:application", env, args.workers, directory) as server:
            bad = [path for path in paths if fetch(server.base_url + path)[0] >= 500]
            result, output = run_wrk(wrk, server.base_url + "/", args.duration, args.connections,
                                     script=script)
            server_errors = server.log_path.read_text().count("Traceback")
    print(output)
    summary = (
        f"URL mix: {len(paths)} URLs ({len(QUERIES) * 3} searches) in nl/en/ar; "
        f"{args.connections} connections for {args.duration} s on {os.cpu_count()} cores, "
        f"{args.workers} gunicorn workers, production settings with Redis, no HTTP cache in front.\n\n"
        f"requests {result['requests']}, {result['rps']:.0f}/s, p50 {result['p50']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms, errors {result['errors']} "
        f"(non-2xx/3xx {result['non2xx']}, socket {result['socket_errors']}), "
        f"tracebacks in the log {server_errors}, 5xx before the run {len(bad)}"
    )
    print(summary)
    if not args.no_docs:
        bc.write_section("Load test", f"Command: `make load-test` ({bc.machine()['date']}).\n\n{summary}")
    return 0 if result["errors"] == 0 and not bad and not server_errors else 1


if __name__ == "__main__":
    sys.exit(main())

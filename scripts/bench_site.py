"""The site under load: gunicorn + PostgreSQL with a large corpus, Varnish in front, measured
with wrk (make bench).

1. Builds its own database ``kennisbank_bench`` (dropped and recreated; scripts.bench_common):
   5 blocks × 2 000 generated attitudes with examples, plus the seed, in nl/en/ar.
2. ``collectstatic`` with the production settings.
3. Starts, on 127.0.0.1:
   - the Django ceiling: gunicorn (``gunicorn.conf.py``, ``--workers``) serving
     ``scripts.ceiling_wsgi``, one minimal Django view;
   - the site: gunicorn with production settings and ``REDIS_URL`` (Redis database 15, flushed
     first), measured directly (uncached) against the Django ceiling;
   - Varnish with the site's VCL in front of it (cached: every measured request is a hit),
     measured against the HTTP cache's ceiling: the same Varnish configuration serving a static
     file of the same size as the page from its cache.
   For each URL kind (home, a block page, an attitude page, a search) it warms up, then runs
   ``wrk -t2 -c8 -d5s --latency`` in rounds, each paired with a ceiling run seconds before (the
   machine's speed drifts); each case's ratio is the median of its rounds' ratios.
4. Prints a table (requests/s, p50, p99, errors = non-2xx/3xx + socket errors, ratio to the
   ceiling) and the resident memory of the gunicorn workers, and writes the "Site" section of
   docs/benchmarks.md.

Targets (issues, this 2-core machine): cached pages through Varnish ≥ 90 % of the static file
through Varnish; uncached block and attitude pages ≥ 8 % and search ≥ 5 % of the Django ceiling;
zero errors; one worker < 200 MB resident.

    python -m scripts.bench_site [--database kennisbank_bench] [--per-block 2000] [--duration 5]
                                 [--rounds 3] [--connections 8] [--workers 4] [--reuse] [--no-docs]

Exits 1 when a target is missed (the table and docs are written either way).
"""

import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from scripts import bench_common as bc
from tests.varnish import free_port, running_varnish

DBNAME = "kennisbank_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"
SEARCH_PATH = "/nl/zoeken/?q=grenzen"
TARGET_CACHED_RATIO = 0.90
# Uncached, against the Django ceiling (issues 17 and 19).
TARGET_UNCACHED_RATIOS = {"block page": 0.08, "attitude page": 0.08, "search": 0.05}
TARGET_RSS_MB = 200


# --------------------------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------------------------

def ensure_wrk():
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print("wrk not found; installing it with apt-get")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk")


def _ms(value):
    """wrk's latency ("812.00us", "1.23ms", "2.01s", "1.5m") in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        return float("nan")
    number, unit = float(match.group(1)), match.group(2)
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output):
    result = {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "requests": 0,
              "non2xx": 0, "socket_errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    for percent, key in (("50", "p50"), ("99", "p99")):
        if match := re.search(rf"^\s+{percent}%\s+(\S+)", output, re.M):
            result[key] = _ms(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non2xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["socket_errors"] = sum(int(group) for group in match.groups())
    result["errors"] = result["non2xx"] + result["socket_errors"]
    return result


def run_wrk(wrk, url, duration, connections, script=None):
    command = [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
               "--latency", *(["-s", str(script)] if script else []), url]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"wrk failed for {url}:\n{completed.stdout}{completed.stderr}")
    return parse_wrk(completed.stdout), completed.stdout


# --------------------------------------------------------------------------------------------
# gunicorn
# --------------------------------------------------------------------------------------------

def worker_pids(master_pid):
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.M):
            pids.append(int(entry.name))
    return pids


def memory_kb(pid):
    """(VmRSS, VmHWM) of a process in kB, or (0, 0) when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    values = {}
    for key in ("VmRSS", "VmHWM"):
        match = re.search(rf"^{key}:\s+(\d+) kB", status, re.M)
        values[key] = int(match.group(1)) if match else 0
    return values["VmRSS"], values["VmHWM"]


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


class Gunicorn:
    """One gunicorn master (gunicorn.conf.py) with its workers; memory sampled while it runs."""

    def __init__(self, name, app, env, workers, log_dir):
        self.name, self.app, self.workers = name, app, workers
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                    "GUNICORN_WORKERS": str(workers)}
        self.log_path = Path(log_dir) / f"gunicorn-{name}.log"
        self.peak_rss_kb = 0
        self._sampling = False

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log = open(self.log_path, "w")  # closed in __exit__
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", self.app],
            cwd=bc.ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn ({self.name}) exited; see {self.log_path}:\n"
                                 + self.log_path.read_text()[-3000:])
            if len(worker_pids(self.process.pid)) >= self.workers:
                try:
                    urllib.request.urlopen(self.base_url + "/", timeout=5).read()
                    break
                except urllib.error.HTTPError:
                    break  # it answers (a redirect or an error page is still an answer)
                except OSError:
                    pass
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn ({self.name}) did not start; see {self.log_path}")
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def _sample(self):
        # Workers are recycled (max_requests), so a worker's peak can vanish with it: sample.
        while self._sampling:
            for pid in worker_pids(self.process.pid):
                self.peak_rss_kb = max(self.peak_rss_kb, memory_kb(pid)[1])
            time.sleep(0.5)

    def wait_idle(self):
        """Until the workers stop using CPU (2 minutes at most): requests wrk gave up on may still
        be running."""
        deadline = time.time() + 120
        previous, quiet = None, 0
        while time.time() < deadline and quiet < 2:
            ticks = cpu_ticks(worker_pids(self.process.pid))
            quiet = quiet + 1 if ticks == previous else 0
            previous = ticks
            time.sleep(0.3)

    def worker_memory(self):
        """[(pid, VmRSS kB, VmHWM kB)] of the current workers."""
        return [(pid, *memory_kb(pid)) for pid in worker_pids(self.process.pid)]

    def __exit__(self, *exc):
        self._sampling = False
        self._sampler.join(timeout=2)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def plain_environment():
    """This process's environment without what points at a cache, a proxy or other settings."""
    return {key: value for key, value in os.environ.items()
            if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "VARNISH_URL", "PUBLIC_ORIGIN")}


def production_site(dbname):
    """The environment of the site with production settings on `dbname` and Redis database 15,
    its static files collected."""
    env = {
        **plain_environment(),
        "DJANGO_SETTINGS_MODULE": "kennisbank.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": bc.database_url(dbname),
        "REDIS_URL": REDIS_URL,
    }
    print("collectstatic (production settings)")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=bc.ROOT, env=env, check=True)
    return env


def fetch(url):
    request = urllib.request.Request(url, headers={"User-Agent": "kennisbank-bench"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------

def site_paths():
    """Home, the middle block, a generated attitude in the middle of it, a search (nl)."""
    from django.utils import translation

    from kennisbank.content.models import AttitudePage, BlockPage

    block = BlockPage.objects.get(number=3)
    generated = AttitudePage.objects.child_of(block).filter(seed_key="").order_by("path")
    attitude = generated[generated.count() // 2]
    with translation.override("nl"):
        return {
            "home": "/nl/",
            "block page": block.get_url(),
            "attitude page": attitude.get_url(),
            "search": SEARCH_PATH,
        }


def flush_redis_db():
    """Empty Redis database 15 (the benchmark's own), so the cached run starts cold."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()


def measure(server, url, wrk, args):
    """One measured wrk run on a warm server and a quiet machine."""
    run_wrk(wrk, url, args.warmup, args.connections)  # every worker warm, not measured
    server.wait_idle()
    busy = bc.wait_quiet()
    result, _output = run_wrk(wrk, url, args.duration, args.connections)
    server.wait_idle()
    result["busy"] = busy
    return result


def measure_site(server, base_url, paths, wrk, args, cached, ceiling):
    """Each case in `args.rounds` rounds, every round right after a run of its ceiling
    (`ceiling(size)`, given the page's size in bytes): this shared machine's speed drifts within
    minutes, so a case is compared with a ceiling run seconds apart, and the median over rounds
    is reported."""
    rows = []
    for kind, path in paths.items():
        url = base_url + path
        status, headers, body = fetch(url)
        if status != 200:
            raise SystemExit(f"{url} answered {status}; see {server.log_path}")
        if cached:
            status, headers, body = fetch(url)  # the second request is served from the cache
        cache_state = headers.get("X-Cache", "-")
        rounds = []
        for _round in range(args.rounds):
            paired = ceiling(len(body))
            rounds.append((paired, measure(server, url, wrk, args)))
        runs = [run for _paired, run in rounds]
        result = {
            "rps": statistics.median(run["rps"] for run in runs),
            "p50": statistics.median(run["p50"] for run in runs),
            "p99": max(run["p99"] for run in runs),  # the worst round: a target must hold in each
            "errors": sum(run["errors"] for run in runs),
            "busy": max(run["busy"] for run in runs),
            "ceiling_rps": statistics.median(paired["rps"] for paired, _run in rounds),
            "ratio": statistics.median(
                run["rps"] / paired["rps"] if paired["rps"] else 0 for paired, run in rounds
            ),
            "kind": kind, "path": path, "cached": cached, "cache_state": cache_state, "bytes": len(body),
        }
        print(f"  {kind:14} {'cached' if cached else 'uncached':8} {result['rps']:9.1f} req/s  "
              f"p50 {result['p50']:8.2f} ms  p99 {result['p99']:8.2f} ms  "
              f"errors {result['errors']}  {result['ratio']:.0%} of the ceiling  "
              f"(X-Cache: {cache_state}, {len(body)} bytes; rounds: "
              + ", ".join(f"{run['rps']:.0f}/{paired['rps']:.0f}" for paired, run in rounds)
              + ")", flush=True)
        rows.append(result)
    return rows


class StaticFile:
    """A backend answering every path with `size` bytes that a shared cache may keep: behind
    Varnish it makes the HTTP cache's ceiling (a hit of the same size as the page)."""

    def __init__(self, size):
        import http.server

        body = b"x" * size

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "max-age=0, s-maxage=3600")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def main(argv=None):
    parser = bc.benchmark_parser(__doc__, DBNAME)
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per round")
    parser.add_argument("--rounds", type=int, default=3,
                        help="measured rounds per case, each paired with a ceiling run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured wrk before each measured run")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--uncached-only", action="store_true",
                        help="leave out the cases through Varnish: a piece of the app switched off "
                             "changes only the uncached ones (docs/benchmarks.md)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    info = bc.machine()
    print(f"Site benchmark, {info['date']}, {info['cores']} cores ({info['cpu']})")
    wrk = ensure_wrk()
    stats = bc.build_corpus(args.database, args.per_block, reuse=args.reuse)
    bc.verify_pages()
    paths = site_paths()
    from django.db import connections

    connections.close_all()

    env = plain_environment()
    site_env = production_site(args.database)

    rows, memory, ceilings = [], {}, {"django": [], "varnish": []}
    with tempfile.TemporaryDirectory(prefix="kennisbank-bench-") as log_dir:
        print(f"Django ceiling: scripts.ceiling_wsgi, {args.workers} workers (kept running)")
        with Gunicorn("ceiling", "scripts.ceiling_wsgi:application", env, args.workers,
                      log_dir) as ceiling_server:

            def django_ceiling(_size):
                result = measure(ceiling_server, ceiling_server.base_url + "/", wrk, args)
                ceilings["django"].append(result)
                return result

            first = django_ceiling(0)
            print(f"  ceiling                 {first['rps']:9.1f} req/s  "
                  f"p50 {first['p50']:8.2f} ms  p99 {first['p99']:8.2f} ms  "
                  f"errors {first['errors']}  (machine {first['busy']:.0%} busy before)", flush=True)
            flush_redis_db()
            print(f"Site (production settings, REDIS_URL {REDIS_URL}), {args.workers} workers")
            with Gunicorn("site", "kennisbank.wsgi:application", site_env, args.workers, log_dir) as server:
                print("  uncached: straight to gunicorn, against the Django ceiling")
                rows += measure_site(server, server.base_url, paths, wrk, args, False, django_ceiling)
                if not args.uncached_only:
                    cacheable = {kind: path for kind, path in paths.items() if kind != "search"}
                    with running_varnish(server.port) as varnish_url:
                        static_files = {}

                        def varnish_ceiling(size):
                            """The same Varnish set-up serving a cached static file of `size` bytes."""
                            if size not in static_files:
                                static_files[size] = StaticFile(size)
                            with running_varnish(static_files[size].port) as static_url:
                                url = f"{static_url}/static-{size}.html"
                                fetch(url)
                                result = measure(server, url, wrk, args)
                            ceilings["varnish"].append(result)
                            return result

                        print("  cached: through Varnish, against a static file of the same size through Varnish")
                        rows += measure_site(server, varnish_url, cacheable, wrk, args, True, varnish_ceiling)
                memory["site"] = (server.worker_memory(), server.peak_rss_kb)
            flush_redis_db()
            memory["ceiling"] = (ceiling_server.worker_memory(), ceiling_server.peak_rss_kb)
        logs = {path.name: path.read_text() for path in Path(log_dir).glob("*.log")}

    tracebacks = [name for name, text in logs.items() if "Traceback" in text]
    met = report(info, stats, args, ceilings, rows, memory, tracebacks, started)
    return 0 if met else 1


def report(info, stats, args, ceilings, rows, memory, tracebacks, started):
    def fmt_ms(value):
        return f"{value:.1f}" if value >= 10 else f"{value:.2f}"

    first = ceilings["django"][0]
    table_rows = [["Django ceiling (minimal view), first run", "-", f"{first['rps']:.0f}",
                   fmt_ms(first["p50"]), fmt_ms(first["p99"]), first["errors"], "-", "100 %",
                   f"{first['busy']:.0%}"]]
    for row in rows:
        table_rows.append([
            f"{row['kind']} `{row['path']}`",
            f"Varnish ({row['cache_state']})" if row["cached"] else "none",
            f"{row['rps']:.0f}", fmt_ms(row["p50"]), fmt_ms(row["p99"]), row["errors"],
            f"{row['ceiling_rps']:.0f}", f"{row['ratio']:.0%}", f"{row['busy']:.0%}",
        ])
    load_table = bc.table(["URL kind", "HTTP cache", "requests/s", "p50 ms", "p99 ms (worst round)",
                           "errors", "paired ceiling req/s", "vs ceiling", "CPU busy before"],
                          table_rows)
    all_runs = [*ceilings["django"], *ceilings["varnish"], *rows]
    busiest = max(run["busy"] for run in all_runs)

    memory_rows, site_rss = [], 0
    for name, (workers, peak) in memory.items():
        current = max((rss for _pid, rss, _hwm in workers), default=0)
        if name == "site":
            site_rss = max(current, peak)
        memory_rows.append([name, len(workers), f"{current / 1024:.0f}",
                            f"{max(peak, current) / 1024:.0f}"])
    memory_table = bc.table(["server", "workers", "largest worker RSS after the run (MB)",
                             "peak worker RSS during the run (MB)"], memory_rows)

    cached_ratio = min((row["ratio"] for row in rows if row["cached"]), default=0)
    uncached = {row["kind"]: row for row in rows if not row["cached"]}
    errors = sum(run["errors"] for run in all_runs)
    verdicts = [
        (f"cached pages through Varnish ≥ {TARGET_CACHED_RATIO:.0%} of a static file through Varnish",
         cached_ratio >= TARGET_CACHED_RATIO, f"lowest {cached_ratio:.0%}"),
    ] if not args.uncached_only else []
    verdicts += [
        (f"uncached {kind} ≥ {target:.0%} of the Django ceiling", uncached[kind]["ratio"] >= target,
         f"{uncached[kind]['ratio']:.1%}, {uncached[kind]['rps']:.0f} requests/s, "
         f"p50 {uncached[kind]['p50']:.1f} ms, p99 {uncached[kind]['p99']:.1f} ms")
        for kind, target in TARGET_UNCACHED_RATIOS.items()
    ] + [
        ("zero errors", errors == 0, f"{errors} errors"),
        (f"one worker < {TARGET_RSS_MB} MB resident", site_rss / 1024 < TARGET_RSS_MB,
         f"largest {site_rss / 1024:.0f} MB"),
    ]
    verdict_lines = "\n".join(
        f"- {text}: **{'met' if ok else 'not met'}** ({detail})" for text, ok, detail in verdicts
    )
    print()
    print(load_table)
    print()
    print(memory_table)
    print()
    print(verdict_lines.replace("**", ""))
    if busiest > 0.15:
        print(f"Warning: the machine was up to {busiest:.0%} busy with other work just before a "
              "case (column 'CPU busy before'); those numbers are low.")
    if tracebacks:
        print(f"Tracebacks in the gunicorn logs: {', '.join(tracebacks)}")
    print(f"\nTotal time {time.perf_counter() - started:.0f} s")

    met = all(ok for _text, ok, _detail in verdicts)
    if args.no_docs or args.uncached_only:  # the Site section holds a whole run
        return met
    django_rates = sorted(run["rps"] for run in ceilings["django"])
    varnish_rates = sorted(run["rps"] for run in ceilings["varnish"]) or [0]
    body = f"""
Measured {info['date']} on {info['cores']} cores ({info['cpu']}); wrk, Varnish, gunicorn,
PostgreSQL and Redis share the machine. Database `{args.database}`: {stats['blocks']} blocks,
{stats['attitudes']} attitude pages ({args.per_block} generated per block + the seed), in nl/en/ar.

Command: `make bench` (= `.venv/bin/python -m scripts.bench_site`; `--reuse` keeps a database that
already holds the corpus). gunicorn with `gunicorn.conf.py` (sync workers,
`GUNICORN_WORKERS={args.workers}`), production settings (`SECURE_SSL_REDIRECT=0`,
`REDIS_URL={REDIS_URL}` flushed first). Each case runs {args.rounds} rounds of
`wrk -t2 -c{args.connections} -d{args.duration}s --timeout 5s --latency`, each after {args.warmup} s of
unmeasured warm-up, each paired with a run of its ceiling seconds before:

- **Uncached** rows go straight to gunicorn; their ceiling is `scripts/ceiling_wsgi.py`, one Django
  view returning three bytes with no middleware, same gunicorn settings ({len(django_rates)} runs,
  {django_rates[0]:.0f}–{django_rates[-1]:.0f} requests/s).
- **Cached** rows go through Varnish 7 with the site's VCL (`kennisbank/caching/varnish.vcl`); the page
  was requested once before, so every measured request is a hit (`X-Cache` of the second request
  shown). Their ceiling is the same Varnish set-up serving a static file of the page's size from its
  cache ({len(varnish_rates)} runs, {varnish_rates[0]:.0f}–{varnish_rates[-1]:.0f} requests/s). Searches are never
  kept (each is logged).

A row shows the median requests/s and p50 over its rounds, the worst round's p99, the median of its
paired ceiling runs and the median of the per-round ratios ("vs ceiling"). Errors are non-2xx/3xx
responses plus socket errors. "CPU busy before" is the share of all cores busy during the second
before the case, i.e. other work on the machine.

{load_table}

Resident memory of the gunicorn workers (`VmRSS`/`VmHWM` from `/proc/<pid>/status`; workers are
recycled, so the peak is sampled during the run):

{memory_table}

Targets:

{verdict_lines}
"""
    path = bc.write_section("Site", body)
    print(f"Wrote the Site section of {path.relative_to(bc.ROOT)}")
    return met


if __name__ == "__main__":
    sys.exit(main())

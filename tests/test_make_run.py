"""`make run` as a person meets it (issue 26): each step one line; a second start with nothing
changed skips loading the content and rebuilding the index; "Serving" appears when the port
answers; uploaded images are served under the dev settings; and however the command ends (Ctrl+C,
SIGTERM, the terminal closing, make killed with SIGTERM or SIGKILL, after a stale
`.handle_pids.json`) neither the embedded PostgreSQL nor the server is left running.

Each run uses its own data directory (EMBEDDED_POSTGRES_DATA) and port. Slow (the first start
migrates and loads a fresh database): marked `make_run`, which .ci/run runs in its first pass only.
"""

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest

from .live_site import UPLOAD_IMAGE
from .varnish import free_port

PROJECT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.make_run, pytest.mark.xdist_group("make_run")]


class MakeRun:
    """`make run` in its own session (as in a terminal), its output collected line by line."""

    def __init__(self, env, port):
        self.port = port
        self.lines = []
        self.answered_when_serving = None
        self.serving = threading.Event()
        self.make = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"VENV={sys.prefix}", f"ADDRESS=127.0.0.1:{port}"],
            cwd=PROJECT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
            # A terminal's Ctrl+C reaches a program whose SIGINT is not ignored; a test runner's
            # worker may ignore it, and children inherit that.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.make.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("Serving"):
                self.answered_when_serving = port_answers(self.port)
                self.serving.set()

    def wait_until_serving(self):
        deadline = time.monotonic() + 600
        while not self.serving.wait(0.5):
            assert self.make.poll() is None, "make run ended before serving:\n" + "\n".join(self.lines)
            assert time.monotonic() < deadline, "make run did not serve:\n" + "\n".join(self.lines)
        return self.lines[: self.lines.index(next(line for line in self.lines if line.startswith("Serving")))]

    def processes(self):
        """Everything still running in the session make started."""
        found = []
        for process in psutil.process_iter(["pid", "status"]):
            try:
                if process.info["status"] != psutil.STATUS_ZOMBIE and os.getsid(process.pid) == self.make.pid:
                    found.append(process)
            except OSError:
                pass
        return found


def port_answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def servers_of(data):
    """PostgreSQL processes running on `data`."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        if process.info["status"] != psutil.STATUS_ZOMBIE and str(data) in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


def left_running(run, data):
    """What is still running 30 s after the end was asked for (it is usually gone within 2 s)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        left = servers_of(data) + run.processes()
        if not left and not port_answers(run.port):
            return []
        time.sleep(0.2)
    return [" ".join(process.cmdline()) for process in left] + (["the port answers"] if port_answers(run.port) else [])


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """A first `make run` on a fresh data directory, ended with Ctrl+C: its data, env and output."""
    tmp = tmp_path_factory.mktemp("make-run")
    # A private folder above the data, as a home folder is (pytest's own folders above it are
    # shared with other test sessions, which change their modes).
    (tmp / "private").mkdir()
    (tmp / "private").chmod(0o700)
    data = tmp / "private" / "postgres"
    env = {name: value for name, value in os.environ.items()
           if name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PUBLIC_ORIGIN", "REDIS_URL", "VARNISH_URL",
                           "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_XDIST_WORKER"}}
    env |= {"EMBEDDED_POSTGRES_DATA": str(data), "MEDIA_ROOT": str(tmp / "media"),
            "DJANGO_SUPERUSER_USERNAME": "beheerder", "DJANGO_SUPERUSER_PASSWORD": "Zeven-Blauwe-Bouwstenen-42"}
    modes = {folder: stat.S_IMODE(folder.stat().st_mode) for folder in (tmp / "private", tmp)}
    # Every run serves on this port: the address is part of what the content was loaded for.
    port = free_port()
    run = MakeRun(env, port)
    before_serving = run.wait_until_serving()
    answered = run.answered_when_serving
    os.killpg(run.make.pid, signal.SIGINT)
    run.make.wait(timeout=60)
    return {"data": data, "env": env, "port": port, "modes": modes, "lines": before_serving,
            "answered": answered, "left": left_running(run, data)}


# Lines that are not steps: the server's own, and the notes on what root changed (tested below).
NOTES = ("Watching for file changes", "So that", "As root")


def test_a_first_start_sets_everything_up_in_one_line_per_step(started):
    lines = [line for line in started["lines"] if not line.startswith(NOTES)]
    assert lines[0] == f"Database: kennisbank on the embedded PostgreSQL ({started['data']})."
    assert lines[1].startswith("Database schema:") and "migration(s) applied" in lines[1]
    assert lines[2].startswith("Bouwstenen content loaded: 44 page(s) created")
    assert lines[3].startswith("Search index rebuilt:")
    assert lines[4].endswith("admin/ as beheerder (password from DJANGO_SUPERUSER_PASSWORD)")
    assert len(lines) == 5, lines
    assert started["answered"], "'Serving' was printed before the port answered"
    assert started["left"] == []


def test_as_root_parent_folders_only_gain_passing_through(started):
    """The server runs as the system user embedded_postgres when root starts it; the folders above
    its data may let others pass (x), never list (r), and the output says which changed."""
    changed = {folder: mode for folder, mode in started["modes"].items()
               if stat.S_IMODE(folder.stat().st_mode) != mode}
    for folder, mode in changed.items():
        assert stat.S_IMODE(folder.stat().st_mode) == mode | stat.S_IXGRP | stat.S_IXOTH
        assert any(str(folder) in line for line in started["lines"] if line.startswith("So that"))
    if os.geteuid() == 0:
        assert started["data"].parent in changed  # the private folder (700)
    else:
        assert changed == {}


def image_url(started, port):
    """An image uploaded into the run's database and media folder; the address of a rendition."""
    socket_dir = (started["data"] / "postmaster.pid").read_text().splitlines()[4]
    url = f"postgres://postgres@{quote(socket_dir, safe='')}/kennisbank"
    env = {**started["env"], "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kennisbank.settings.dev",
           "PUBLIC_ORIGIN": f"http://127.0.0.1:{port}"}
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", UPLOAD_IMAGE.format(title="Kind")],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


def test_a_second_start_skips_what_is_current_and_serves_images(started):
    run = MakeRun(started["env"], started["port"])
    lines = [line for line in run.wait_until_serving() if not line.startswith(NOTES)]
    try:
        assert lines == [
            f"Database: kennisbank on the embedded PostgreSQL ({started['data']}).",
            "Database schema: up to date.",
            "Bouwstenen content: as loaded before (its data files and loader are unchanged).",
            "Search index: current (publishing keeps it so).",
            f"Admin: http://127.0.0.1:{run.port}/admin/ as beheerder (password from DJANGO_SUPERUSER_PASSWORD)",
        ]
        assert run.answered_when_serving
        path = image_url(started, run.port)
        with urllib.request.urlopen(f"http://127.0.0.1:{run.port}{path}", timeout=30) as response:
            assert (response.status, response.headers["Content-Type"]) == (200, "image/png")
    finally:
        os.killpg(run.make.pid, signal.SIGTERM)
    assert left_running(run, started["data"]) == []


def end_group(signum):
    return lambda run: os.killpg(run.make.pid, signum)


def end_make(signum):
    return lambda run: os.kill(run.make.pid, signum)


@pytest.mark.parametrize("end", [
    pytest.param(end_group(signal.SIGINT), id="Ctrl+C"),
    pytest.param(end_group(signal.SIGTERM), id="SIGTERM"),
    pytest.param(end_group(signal.SIGHUP), id="terminal closed (SIGHUP)"),
    pytest.param(end_make(signal.SIGTERM), id="make killed (SIGTERM)"),
    pytest.param(end_make(signal.SIGKILL), id="make killed (SIGKILL)"),
])
def test_nothing_is_left_running_however_make_run_ends(started, end):
    run = MakeRun(started["env"], started["port"])
    run.wait_until_serving()
    assert servers_of(started["data"])
    end(run)
    run.make.wait(timeout=60)
    assert left_running(run, started["data"]) == []


def test_a_server_left_with_a_stale_pid_list_stops_with_the_next_run(started):
    """A process that held the server and was killed outright (no exit handlers) leaves the
    server running and its id in .handle_pids.json; the next `make run` takes the server over
    and stops it when it ends."""
    env = {**started["env"], "DJANGO_SETTINGS_MODULE": "kennisbank.settings.dev"}
    subprocess.run([sys.executable, "-c", "import os, signal; from kennisbank.core import database; "
                    "database.embedded_url(); os.kill(os.getpid(), signal.SIGKILL)"],
                   cwd=PROJECT, env=env, timeout=120)
    assert servers_of(started["data"])
    assert (started["data"] / ".handle_pids.json").read_text() != "[]"
    run = MakeRun(started["env"], started["port"])
    run.wait_until_serving()
    os.killpg(run.make.pid, signal.SIGINT)
    run.make.wait(timeout=60)
    assert left_running(run, started["data"]) == []

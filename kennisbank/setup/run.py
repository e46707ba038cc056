"""`make run`: the site on this machine, started and stopped by this one process.

It takes the database (the embedded PostgreSQL, which it starts, or DATABASE_URL's) and prepares
it in this same process (`manage.py setup_site`: a second start with nothing changed skips the
content and the search index) while Django's development server starts as its child; "Serving
..." is printed once both are done and the port answers. The child is the process Django's autoreloader would start
(`RUN_MAIN`); this process plays the autoreloader's part and starts it again when it exits to
reload changed code, so no second process loads the whole site first.

However it ends, everything stops: Ctrl+C, SIGTERM (also what make sends its children when it is
killed), the terminal closing (SIGHUP, which ends the server and make without Python's exit
handlers) or make killed outright (this process then has another parent). The embedded PostgreSQL
stops when its last user ends (kennisbank/core/database.py); the server child never registers as one,
since it gets the database's URL from here.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent.parent
RELOAD = 3  # the exit code with which Django's development server asks to be started again


class Stop(Exception):
    """Asked to end (a signal, or make gone): the server and the database stop on the way out."""


def stop(signum, frame):
    raise Stop(signal.Signals(signum).name)


def ignore_signals():
    """On the way out: a second Ctrl+C or signal must not cut the stopping short."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)


def main(address):
    sys.stdout.reconfigure(line_buffering=True)
    host, _, port = address.rpartition(":")
    port = int(port)
    if port_taken(host, port):
        return (f"Port {port} on {host} is in use (another `make run`?): stop that, or serve elsewhere "
                f"with make run ADDRESS={host}:{port + 1}")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    parent = os.getppid()
    server = DevServer(address)
    try:
        take_database(address)
        # The server loads the site while this process prepares the database: on two cores the
        # two halves of a start overlap. Readers are sent to it only once both are done.
        server.start()
        prepare()
        if not wait_until_answering(server.process, host, port):
            return f"The development server ended (exit code {server.process.returncode}) before it served."
        print(f"Serving http://{address}/ — press Ctrl+C to stop.")
        return server.run(parent)
    except (Stop, KeyboardInterrupt):
        return 0
    finally:
        ignore_signals()
        server.stop()


def take_database(address):
    """Start the embedded PostgreSQL (or check DATABASE_URL's) and hand it to everything started
    from here, with the settings `make run` uses."""
    from django.core.exceptions import ImproperlyConfigured

    from kennisbank.core import database

    try:
        url = os.environ.get("DATABASE_URL") or database.embedded_url()
        print(database.ensure_database(url))
    except ImproperlyConfigured as error:
        sys.exit(str(error))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kennisbank.settings.dev")
    os.environ.setdefault("PUBLIC_ORIGIN", f"http://{address}")


def prepare():
    import django
    from django.core.management import CommandError, call_command

    django.setup()
    try:
        # call_command skips the system checks: the server child runs them, at the same time.
        call_command("setup_site")
    except CommandError as error:
        sys.exit(str(error))


class DevServer:
    """Django's development server as the child its autoreloader would start (`RUN_MAIN`), started
    again when it exits to reload changed code."""

    def __init__(self, address):
        self.address = address
        self.process = None

    def start(self):
        from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", self.address], cwd=PROJECT,
            env={**os.environ, DJANGO_AUTORELOAD_ENV: "true", "DJANGO_RUNSERVER_HIDE_WARNING": "true"},
            stdout=subprocess.PIPE, text=True,
        )
        threading.Thread(target=pass_on_after_banner, args=[self.process.stdout], daemon=True).start()

    def run(self, parent):
        """Until the server ends other than to reload; its exit code."""
        while (code := wait_for(self.process, parent)) == RELOAD:
            self.start()
        return code

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # the server child exits on SIGTERM (django.utils.autoreload)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def port_taken(host, port):
    try:
        socket.create_server((host, port)).close()
    except OSError:
        return True
    return False


def wait_until_answering(server, host, port):
    while server.poll() is None:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def wait_for(server, parent):
    """The server's exit code; Stop when make, which started this process, is gone."""
    while True:
        try:
            return server.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if os.getppid() != parent:
                raise Stop("make ended") from None


def pass_on_after_banner(output):
    """The server's output without the banner it prints each start (version, address, "Quit the
    server with CONTROL-C"): "Serving ..." has said that once."""
    in_banner = True
    for line in output:
        if in_banner or not line.strip():
            in_banner = in_banner and not line.startswith("Quit the server with")
            continue
        try:
            sys.stdout.write(line)
        except OSError:
            pass  # the terminal is gone; the server is about to be stopped


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))

"""A real Redis (Debian's redis-server, `make system-packages`) on a free loopback port, for the
tests of what readers get while Redis is stopped or frozen."""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

from .varnish import free_port


@contextmanager
def running_redis():
    """Yields (URL, process); stops it afterwards, also when a test left it frozen (SIGSTOP)."""
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {port}") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.kill()
        process.wait()

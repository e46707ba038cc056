"""Running Debian's Varnish with the site's VCL in front of a given backend, on a free loopback
port: for the tests and the benchmarks (docker-compose runs its own with varnish.vcl as is)."""

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

VCL = Path(__file__).resolve().parent.parent / "kennisbank" / "caching" / "varnish.vcl"
BACKEND = '.host = "web";\n    .port = "8000";'


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def varnishd():
    found = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(found).exists():
        raise RuntimeError("varnishd is missing: `make system-packages` installs Debian's varnish")
    return found


def vcl_for(host, port):
    """The site's VCL with the backend at host:port."""
    text = VCL.read_text()
    if BACKEND not in text:
        raise RuntimeError(f"{VCL} no longer names its backend as {BACKEND!r}")
    return text.replace(BACKEND, f'.host = "{host}";\n    .port = "{port}";')


@contextmanager
def running_varnish(backend_port, backend_host="127.0.0.1", memory="256m"):
    """Yields the base URL of a Varnish serving the backend; stops it afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="varnish-"))
    workdir.chmod(0o755)  # varnishd drops root for its own user, which must read the VCL
    vcl = workdir / "site.vcl"
    vcl.write_text(vcl_for(backend_host, backend_port))
    port = free_port()
    process = subprocess.Popen(
        [varnishd(), "-F", "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-n", str(workdir / "instance"),
         "-s", f"malloc,{memory}", "-p", "ban_lurker_sleep=0.01"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"varnishd exited: {process.stdout.read().decode(errors='replace')[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("varnishd did not start within 30 s") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)

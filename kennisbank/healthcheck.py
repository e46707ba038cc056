"""`python -m kennisbank.healthcheck [URL]`: exit 0 when the site under gunicorn answers, 1 with a
sentence otherwise (docker-compose.yml's healthcheck of `web`; Varnish waits for it).

It asks for /robots.txt, which needs no database (PostgreSQL has its own healthcheck), as a
reader behind the HTTPS proxy would: with the first of ALLOWED_HOSTS as Host and
X-Forwarded-Proto: https, so neither the host check nor the HTTPS redirect turns it away. Plain
Python, no Django: it runs every few seconds.
"""

import os
import sys
import urllib.error
import urllib.request


def check(url):
    hosts = [host.strip().lstrip(".") for host in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((host for host in hosts if host and host != "*"), "localhost")
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        return f"{url} does not answer: {error}"
    return None if status == 200 else f"{url} answers {status} for host {host}"


if __name__ == "__main__":
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/robots.txt"))

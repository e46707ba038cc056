"""Who is asking: the client's address as the trusted proxies saw it."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The reader's address, for django-axes (AXES_CLIENT_IP_CALLABLE) and rate limits.

    Without a proxy (TRUSTED_PROXY_DEPTH = 0) it is the connection's address and
    X-Forwarded-For is ignored: anyone can write that header. Behind N proxies that each append
    the address they were reached from, it is the N-th address from the right: the one the
    outermost proxy saw. Addresses further left are whatever the client wrote.
    """
    depth = settings.TRUSTED_PROXY_DEPTH
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if depth and len(forwarded) >= depth:
        try:
            return str(ipaddress.ip_address(forwarded[-depth]))
        except ValueError:
            pass  # not written by a proxy we trust: fall back to the connection
    return request.META.get("REMOTE_ADDR")

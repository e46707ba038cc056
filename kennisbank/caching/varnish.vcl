vcl 4.1;

# The HTTP cache in front of gunicorn (docker-compose.yml; the tests and `make bench` start it
# with their own backend). Django decides what may be kept: only responses whose Cache-Control
# has s-maxage (anonymous reads of public pages, kennisbank/caching/headers.py); everything else
# passes through. The app servers purge what a publish changes (kennisbank/caching/purge.py).

import std;

# The site, as readers' requests reach it: always, even while the probe below calls it sick, so
# that what Varnish does not hold gets the site's own 503 page, in the reader's language.
backend default {
    .host = "web";
    .port = "8000";
}

# The same server, asked every second whether it reaches its database (/_health/,
# kennisbank/middleware.py). While it does not, Varnish serves the copies it holds for up to a
# day past their time (grace) instead of seconds.
backend health {
    .host = "web";
    .port = "8000";
    .probe = {
        .url = "/_health/";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may purge: the app servers. docker-compose's network and loopback.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.16.0.0"/12;
    "10.0.0.0"/8;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (std.healthy(health)) {
        # A copy past its time is served for a few seconds while a fresh one is fetched; while
        # the site cannot reach its database, for as long as the copy's grace (a day).
        set req.grace = 10s;
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.url == "/") {
            # A purge of "/" empties everything on the host (a change shown on every page).
            ban("obj.http.x-cache-host == " + req.http.host);
        } else {
            # Every variant of the path goes with it (?audience=..., ?page=...).
            ban("obj.http.x-cache-host == " + req.http.host + " && obj.http.x-cache-path == " + regsub(req.url, "\?.*$", ""));
        }
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors (a session) and anyone in the middle of a form (a CSRF cookie) always reach Django;
    # so does "/", which sends each reader to their own language.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=" || req.url == "/") {
        return (pass);
    }
    # Query parameters the site does not read would each make a copy of a page: drop them.
    # (`event` is read by the search page, which is never kept: search/events.py.)
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?<=[?&])(?!(audience|page|lang|limit|offset|type|fields|search|order|q|block|event|format|child_of|descendant_of)=)[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
    # The rest of the request is the same for every anonymous reader.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_response {
    # Remembered on the object so a purge can find every variant of a path.
    set beresp.http.x-cache-host = bereq.http.host;
    set beresp.http.x-cache-path = regsub(bereq.url, "\?.*$", "");
    # Text is compressed here, once per copy Varnish keeps, not by Django on every request
    # (the app servers' CPU is what limits the site); Varnish unzips it for the rare client
    # that cannot take gzip. Static files come compressed already (whitenoise).
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|javascript)|image/svg)" && !beresp.http.Content-Encoding) {
        set beresp.do_gzip = true;
    }
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            # Refreshing a copy in grace failed (the database is down): keep the copy.
            return (abandon);
        }
        # Passed on to this reader only: a marker that would send the next readers past the
        # copy in grace for two minutes is not left behind.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie || beresp.status != 200) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Kept a day past its time, served then only while the site cannot reach its database
    # (req.grace in vcl_recv); a purge removes it at once, grace or not.
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-cache-host;
    unset resp.http.x-cache-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

# Varnish in front of Newsroom (Varnish 7 + varnish-modules for xkey).
#
# - Caches only what Newsroom marks as public (an xkey header), for s-maxage seconds.
# - Newsroom purges by surrogate key after every content change:
#     PURGE / with "xkey-purge: story-12 front feeds", from the purgers ACL only.
# - Requests with a session cookie (logged-in editors) or credentials, the admin and
#   previews are never cached; responses setting a cookie, or marked private, no-store
#   or no-cache, are never stored.
# - X-Forwarded-Proto changes a response (canonical links, HSTS): it is believed only
#   from the TLS terminators in front (acl tls_terminators), only as "http" or "https",
#   and each value is cached apart, so one request cannot change what others get.
# - Grace: while the backend is healthy nothing stale is served; when it is down
#   (the probe fails) readers get the last copy for up to 6 hours.
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/robots.txt";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
}

# Whoever terminates TLS in front of Varnish (hitch, nginx, a load balancer) and says
# so in X-Forwarded-Proto. Anyone else's X-Forwarded-Proto is dropped.
acl tls_terminators {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (client.ip !~ tls_terminators || req.http.X-Forwarded-Proto !~ "^https?$") {
        unset req.http.X-Forwarded-Proto;
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from here"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Readers' other cookies (e.g. csrftoken) change nothing on a public page.
    unset req.http.Cookie;
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # An https page (https links, HSTS) is never given to a plain-HTTP reader, or back.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    # Only Newsroom's public pages (they carry surrogate keys) are kept; a 404 or an
    # error page is not, so a story published at that address shows at once.
    if (!beresp.http.xkey || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);  # keep serving the copy we have
    }
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

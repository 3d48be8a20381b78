# Varnish in front of the app servers (README, "HTTP cache"). Varnish 7 (Debian).
#
# The deployment's own addresses (app servers, who may purge, the proxy in front) are in
# backends.vcl, next to this file; copy backends.vcl.example and edit it.
#
# What is cached: anonymous GET and HEAD requests whose response says it may be shared
# (Cache-Control: public with s-maxage, set by hetsite.httpcache.middleware) and sets no
# cookie. Passed straight to an app server: the admin, the partner portal (and its
# previews), /health/, media and documents (the app checks who may see them), any other
# method, and any request carrying a session or flash-message cookie. Other cookies are
# removed before the cache is consulted, so they cannot split or leak cached pages.
vcl 4.1;

import std;
import directors;

include "backends.vcl";

sub vcl_recv {
    unset req.http.X-Csrf-Cookie;  # ours (below), never a client's
    # The client's address, for the app's rate limits and sign-in throttle: from the TLS
    # proxy in front if there is one, otherwise the connecting address (never the
    # client's own header).
    if (!req.http.X-Real-IP || client.ip !~ front_proxies) {
        set req.http.X-Real-IP = client.ip;
    }
    if (client.ip !~ front_proxies) {
        unset req.http.X-Forwarded-Proto;
    }

    # Purges from the app servers (wagtail.contrib.frontend_cache). A PURGE of a path
    # drops it with every query string (/case-studies/?page=2 too); a BAN drops every
    # path starting with X-Ban-Prefix ("/" is the whole site), or every page tagged
    # X-Ban-Tag.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Ban-Tag) {
            # Every page of one type (the app's X-Cache-Tags, e.g. "type:app.model").
            if (req.http.X-Ban-Tag !~ "^[a-z0-9_.:-]+$") {
                return (synth(400, "Bad tag"));
            }
            ban("obj.http.X-Cache-Tags ~ (^|\s)" + req.http.X-Ban-Tag + "(\s|$)");
            return (synth(200, "Banned"));
        }
        if (req.http.X-Ban-Prefix !~ "^/[A-Za-z0-9/_.-]*$") {
            return (synth(400, "Bad prefix"));
        }
        ban("obj.http.x-path ~ ^" + req.http.X-Ban-Prefix);
        return (synth(200, "Banned"));
    }

    # Healthy app servers in turn; if none passes its health check, try them anyway so
    # visitors get the app's own error page (or a stale copy, below), not Varnish's.
    set req.backend_hint = app.backend();
    if (!std.healthy(req.backend_hint)) {
        set req.backend_hint = app_unprobed.backend();
        set req.grace = 6h;
    } else {
        set req.grace = 10s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|partners/portal)(/|\?|$)"
        || req.url ~ "^/(health|media|documents)/") {
        return (pass);
    }
    # Signed in (sessionid) or a flash message waiting (messages): this visitor's own page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Keep the CSRF cookie aside: a page with a form is passed (see vcl_pass) and must
    # see it, but a cached page must not vary on it.
    if (req.http.Cookie ~ "(^|;\s*)csrftoken=") {
        set req.http.X-Csrf-Cookie = regsub(req.http.Cookie, "^(.*;\s*)?(csrftoken=[^;]*).*$", "\2");
    }
    unset req.http.Cookie;

    # Campaign tracking parameters do not change a page.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=") {
        set req.url = regsuball(req.url, "(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    return (hash);
}

sub vcl_hash {
    # http and https answers differ (the app redirects plain http).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_pass {
    # Pages that are never cached (forms, for instance) see the visitor's CSRF cookie.
    if (req.http.X-Csrf-Cookie) {
        set req.http.Cookie = req.http.X-Csrf-Cookie;
    }
}

sub vcl_backend_fetch {
    unset bereq.http.X-Csrf-Cookie;
}

sub vcl_backend_response {
    # Purges and bans match on the path, kept on the object (not sent to visitors).
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            return (abandon);  # keep serving the stale copy
        }
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(?i)(public|s-maxage)") {
        # Not for sharing: pass this URL straight through for the next 2 minutes.
        return (pass(120s));
    }
    # TTL comes from s-maxage. Past it (or when every app server fails) a stale copy may
    # be served for a while, refreshed in the background.
    set beresp.grace = 6h;
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|atom\+xml))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-path;
    unset resp.http.X-Cache-Tags;
    unset resp.http.Via;
}

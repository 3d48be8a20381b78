"""Varnish backend for wagtail.contrib.frontend_cache: Wagtail's HTTPBackend, plus a
timeout, one connection per batch, and BAN by path prefix.

Wagtail's HTTPBackend opens a connection per URL and waits for ever on a cache that
hangs. This one gives up after ``TIMEOUT`` seconds (default 2) and stops at the first
connection error, so a cache that is down costs a publish at most one timeout. Errors
are logged, never raised. The VCL (deploy/varnish/hetsite.vcl) makes a PURGE of a path
drop every cached query string of it (``/case-studies/?page=2`` with ``/case-studies/``).
"""

import http.client
import logging
import re
from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends import HTTPBackend

logger = logging.getLogger("wagtail.frontendcache")
SAFE_PREFIX = re.compile(r"/[A-Za-z0-9/_.-]*")
SAFE_TAG = re.compile(r"[a-z0-9_.:-]+")


class VarnishBackend(HTTPBackend):
    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2))
        super().__init__(params)

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        requests = []
        for url in urls:
            parts = urlsplit(url)
            headers = {"Host": parts.netloc} if parts.netloc else {}
            requests.append(("PURGE", parts.path or "/", headers))
        self._send(requests)

    def ban_prefixes(self, prefixes):
        """Drop every cached URL whose path starts with one of ``prefixes``."""
        requests = []
        for prefix in prefixes:
            if not SAFE_PREFIX.fullmatch(prefix):
                logger.error("Not banning %r from the HTTP cache: unexpected characters", prefix)
                continue
            requests.append(("BAN", prefix, {"X-Ban-Prefix": prefix}))
        self._send(requests)

    def ban_tags(self, tags):
        """Drop every cached response tagged with one of ``tags`` (X-Cache-Tags)."""
        requests = []
        for tag in tags:
            if not SAFE_TAG.fullmatch(tag):
                logger.error("Not banning tag %r from the HTTP cache: unexpected characters", tag)
                continue
            requests.append(("BAN", "/", {"X-Ban-Tag": tag}))
        self._send(requests)

    def _send(self, requests):
        if not requests:
            return
        connection = http.client.HTTPConnection(self.cache_netloc, timeout=self.timeout)
        sent = 0
        try:
            for method, path, headers in requests:
                connection.request(method, path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    logger.error(
                        "HTTP cache refused %s %s: %s %s",
                        method,
                        path,
                        response.status,
                        response.reason,
                    )
                sent += 1
        except (OSError, http.client.HTTPException) as error:
            logger.error(
                "HTTP cache at %s unreachable (%s): %d of %d purges not sent",
                self.cache_netloc,
                error,
                len(requests) - sent,
                len(requests),
            )
        finally:
            connection.close()

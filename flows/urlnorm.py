"""One spelling per web page, so a page is recognised as stored however a feed links to it.

Feeds and newsletters decorate links: `?utm_source=rss`, `#comments`, `HTTPS://Example.org:443/`.
`normalize_url` gives every such spelling of a page the same URL, which is what is requested,
stored and checked against the store: scheme and host in lower case, the default port and the
fragment dropped, tracking parameters dropped, the other query parameters sorted by name.
Parameters are compared and sorted as written (still percent-encoded), and kept so, so no
value the site reads changes.
"""

from __future__ import annotations

from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only tell a site where a click came from. Any `utm_*` parameter too.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
})
TRACKING_PREFIXES = ("utm_",)


def normalize_url(url: str) -> str:
    """Return the one spelling of an http(s) URL; any other string comes back as given.

    Example:
        normalize_url("HTTPS://Example.org:443/a?utm_source=rss&b=2&a=1#top")
        # 'https://example.org/a?a=1&b=2'
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    netloc = _netloc(parts, None if port == DEFAULT_PORTS[scheme] else port)
    return urlunsplit((scheme, netloc, parts.path or "/", _query(parts.query), ""))


def _netloc(parts: SplitResult, port: int | None) -> str:
    """User info as written, host in lower case (IPv6 in brackets), port unless default."""
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    userinfo, at, _ = parts.netloc.rpartition("@")
    return f"{userinfo}{at}{host}" + (f":{port}" if port is not None else "")


def _query(query: str) -> str:
    """The query without tracking parameters, sorted by name (stable for repeated names)."""
    kept = [
        pair for pair in query.split("&")
        if pair and not _is_tracking(unquote_plus(pair.partition("=")[0]).lower())
    ]
    return "&".join(sorted(kept, key=lambda pair: pair.partition("=")[0]))


def _is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)

"""The hostile web server: a URL list whose pages redirect to loopback, inflate, lie, trickle
or say nothing, beside good pages that must be stored.

The server is `tests.flows.webserver` on 127.0.0.1, which the ingest may reach through
DIPEVENTS_FETCH_ALLOW; other loopback addresses (127.0.0.2 in any spelling, ::1) stay refused,
so a redirect there is a redirect to loopback.
"""

from __future__ import annotations

import contextlib
import gzip
from collections.abc import Iterator
from pathlib import Path

from benchmarks.faults.expect import Expectation
from benchmarks.faults.texts import good_html
from flows.urlnorm import normalize_url
from tests.flows.webserver import Handler, Route, serve, silent, trickle

# Settings of the ingest: the server reachable, short deadlines, one retry, no delays.
FETCH_ENV = {
    "DIPEVENTS_FETCH_ALLOW": "127.0.0.1",
    "DIPEVENTS_FETCH_TIMEOUT": "1",
    "DIPEVENTS_FETCH_DEADLINE": "2",
    "DIPEVENTS_FETCH_RETRY_DELAYS": "0",
    "DIPEVENTS_FETCH_HOST_DELAY": "0",
    "DIPEVENTS_FETCH_MAX_BYTES": "1000000",
}
# Good pages numbered from here on belong to this scenario.
FIRST = 3000
# 20 MB of zeros in about 20 KB.
BOMB = gzip.compress(b"\0" * 20_000_000, compresslevel=9)


def _page(number: int) -> Route:
    return lambda handler: handler.send(200, good_html(number).encode())


def _redirect(target: str) -> Route:
    def moved(handler: Handler) -> None:
        handler.send(302, Location=target.replace("PORT", str(handler.server.port)))

    return moved


def _short(handler: Handler) -> None:
    body = good_html(FIRST - 1).encode()
    handler.send(200, body[:200], Content_Length=str(len(body)))
    handler.close_connection = True


def _long(handler: Handler) -> None:
    body = good_html(FIRST - 2).encode()
    handler.send(200, body + b"<p>" + b"trailing junk " * 500, Content_Length=str(len(body)))
    handler.close_connection = True


HOSTILE: dict[str, Route] = {
    "/loopback": _redirect("http://127.0.0.2:PORT/page/0"),
    "/loopback-decimal": _redirect("http://2130706434:PORT/page/0"),
    "/loopback-hex": _redirect("http://0x7f000002:PORT/page/0"),
    "/loopback-ipv6": _redirect("http://[::1]:PORT/page/0"),
    "/redirect-loop": _redirect("http://127.0.0.1:PORT/redirect-loop"),
    "/bomb": lambda handler: handler.send(200, BOMB, Content_Encoding="gzip"),
    "/short-body": _short,
    "/trickle": trickle,
    "/silent": silent,
    "/missing": lambda handler: handler.send(404, b"not here"),
    "/image": lambda handler: handler.send(200, b"\x89PNG\r\n\x1a\n", "image/png"),
    "/broken-gzip": lambda handler: handler.send(200, b"not gzip", Content_Encoding="gzip"),
}


@contextlib.contextmanager
def hostile_site(folder: Path, pages: int) -> Iterator[tuple[Path, Expectation]]:
    """Serve the hostile site; yield a .urls list of its URLs and what each must become."""
    routes = dict(HOSTILE, **{f"/page/{n}": _page(FIRST + n) for n in range(pages)})
    routes["/long-body"] = _long
    with serve(routes) as server:
        expect = Expectation()
        lines = []
        for path in routes:
            lines.append(server.url(path))
            if path.startswith("/page/") or path == "/long-body":
                expect.store(normalize_url(server.url(path)))
            else:
                expect.refuse(normalize_url(server.url(path)))
        # Another spelling of a good page: the same page, fetched and stored once.
        lines.append(server.url("/page/0?utm_source=rss#top"))
        folder.mkdir(parents=True, exist_ok=True)
        urls = folder / "hostile.urls"
        urls.write_text("\n".join(lines) + "\n", encoding="utf-8")
        yield urls, expect

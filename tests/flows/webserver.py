"""A tiny threaded web server on a loopback address for the fetch tests, routed by path.

Each route is a function of the request handler, so a test can answer anything, including
what no honest server sends (lying headers, endless trickles, silence).
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[["Handler"], None]


class Server(ThreadingHTTPServer):
    """Serves `routes` by path, query aside (404 elsewhere); counts requests per path and query."""

    daemon_threads = True

    def __init__(self, host: str, routes: dict[str, Route]) -> None:
        super().__init__((host, 0), Handler)
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str) -> str:
        return f"http://{self.server_address[0]}:{self.port}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (deadline, size limit) closes the socket: expected here."""


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def send(self, status: int, body: bytes = b"", content_type: str | None = "text/html",
             **headers: str) -> None:
        """Answer with `body` and an honest Content-Length unless `headers` give another."""
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        headers.setdefault("Content_Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.hits[self.path] += 1
        route = self.server.routes.get(self.path.partition("?")[0])
        (route or (lambda handler: handler.send(404)))(self)


def trickle(handler: Handler) -> None:
    """A route that answers 200 and then sends one byte every 50 ms until the server stops."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    while not handler.server.stopping.wait(0.05):
        handler.wfile.write(b"x")
        handler.wfile.flush()


def silent(handler: Handler) -> None:
    """A route that accepts the request and never answers (until the server stops)."""
    handler.server.stopping.wait(30)


@contextlib.contextmanager
def serve(routes: dict[str, Route], host: str = "127.0.0.1") -> Iterator[Server]:
    """Run a Server on `host` (any free port) until the block ends."""
    server = Server(host, routes)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

"""The connection layer of web fetches: vetted addresses only, and no socket wait past a deadline.

httpx lets a URL's host be resolved twice: once when `flows.urlsafety` checks it, once when
the connection is opened. A name can answer with a public address the first time and with
127.0.0.1 the second (DNS rebinding), so the network backend here resolves and vets the host
itself, then connects to the vetted addresses, never to the name.

A read timeout bounds each wait for bytes, not the whole response: a server that sends one
byte every few seconds never trips it. Every socket operation here therefore waits at most
until the deadline set with `deadline()` for the page being fetched, whatever timeout httpx
asked for, and fails with httpx's timeout error once it has passed.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

from flows.urlsafety import Allowance, vet_host

_deadline: ContextVar[float | None] = ContextVar("fetch_deadline", default=None)


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Bound every connect, TLS handshake, read and write in this block by `at` (monotonic).

    Inside another such block the earlier deadline wins: robots.txt read for a redirect hop
    does not extend the page's time.
    """
    outer = _deadline.get()
    token = _deadline.set(at if outer is None else min(at, outer))
    try:
        yield
    finally:
        _deadline.reset(token)


def deadline_passed() -> bool:
    """Whether the deadline of the enclosing `deadline()` block has (all but) passed."""
    at = _deadline.get()
    return at is not None and time.monotonic() >= at - 0.01


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    """Return `timeout` shortened to what is left before the deadline; raise `error` at it."""
    at = _deadline.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("the deadline for this page has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every wait ends by the deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._stream.start_tls(
                ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout)
            )
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to vetted addresses of a host, trying each in resolver order."""

    def __init__(self, allowance: Allowance) -> None:
        self._allowance = allowance

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = vet_host(host, port, self._allowance)
        except OSError as err:
            raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from err
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(
                    address,
                    port,
                    _clamp(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
            except httpcore.ConnectError as err:
                failure = err
                continue
            return _DeadlineStream(stream)
        raise failure or httpcore.ConnectError(f"{host} has no address")


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport connecting through `_GuardedBackend` (TLS still checks the name).

    httpx offers no public way to choose the network backend, so the connection pool
    HTTPTransport builds is replaced by one that uses it; everything else, including how
    httpcore errors become httpx errors, stays HTTPTransport's.
    """

    def __init__(self, allowance: Allowance) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_GuardedBackend(allowance),
        )

"""One download by the rules every web fetch obeys, pages, feeds and robots.txt alike.

- Only public http(s) addresses (`flows.urlsafety`), checked before every request; redirects
  are followed here, hop by hop, so each target is checked too, up to MAX_REDIRECTS hops.
- An honest User-Agent, a timeout on each wait, and one deadline for the whole page (redirects,
  retries and waits included; `flows.transport` enforces it on every socket operation), so a
  server that stays silent or trickles bytes holds a URL no longer than the deadline.
- At most `max_bytes` of body *after* decompression: gzip and deflate are decoded here, a
  chunk at a time with a bound on the output, so a gzip bomb costs no more memory than the
  limit; a body shorter than its Content-Length is reported as such.
- Retries with backoff on transient failures only (timeouts, lost connections, 429 and 5xx;
  a 404 is an answer, not a hiccup), waiting at least what a Retry-After header asks.
- Conditional GET: given the validators of an earlier response, a 304 comes back as a
  `Download` marked `not_modified`.
Every failure is a FetchError whose message is one line naming the URL and the reason.
"""

from __future__ import annotations

import email.utils
import logging
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from urllib.parse import urljoin

import httpx

import settings
from flows.transport import GuardedTransport, deadline, deadline_passed
from flows.urlsafety import Allowance, UnsafeURLError, check_url

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Seconds to wait for a connection, and between two reads of the response.
DEFAULT_TIMEOUT = 20.0
# Seconds one URL may take in all, from its first request to its last byte.
DEFAULT_DEADLINE = 30.0
# Largest body read, after content decoding (so a gzip bomb is cut off too). News pages are
# well under 2 MB; 5 MB leaves room for inline scripts without letting a video through.
MAX_BYTES = 5_000_000
# Seconds to wait before each retry of a transient failure: three retries, backing off.
RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0)
MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Only what `_Decoder` can decode with a bound on its output.
ACCEPT_ENCODING = "gzip, deflate"
# Contact put in the User-Agent (a project URL or an e-mail address) so site owners can reach
# whoever runs the crawler; set it for any real crawl.
USER_AGENT_ENV = "DIPEVENTS_USER_AGENT"
# Operator settings overriding the limits above for every fetch of a run.
TIMEOUT_ENV = "DIPEVENTS_FETCH_TIMEOUT"  # seconds
DEADLINE_ENV = "DIPEVENTS_FETCH_DEADLINE"  # seconds
MAX_BYTES_ENV = "DIPEVENTS_FETCH_MAX_BYTES"  # bytes
RETRY_DELAYS_ENV = "DIPEVENTS_FETCH_RETRY_DELAYS"  # comma-separated seconds; empty: no retry

Gate = Callable[[str], None]


class FetchError(Exception):
    """A download failed; the message names the URL and what went wrong.

    status (int | None): the HTTP status that caused it, if any.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class _TransientError(FetchError):
    """A failure worth retrying; `retry_after` is the wait the server asked for, if any."""

    def __init__(
        self, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    """How long and how much one URL may take, and the waits before each retry."""

    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = MAX_BYTES
    retry_delays: tuple[float, ...] = RETRY_DELAYS

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults unless DIPEVENTS_FETCH_* override them; ValueError names a bad one."""
        delays = settings.value(RETRY_DELAYS_ENV)
        return cls(
            timeout=settings.value(TIMEOUT_ENV) or DEFAULT_TIMEOUT,
            deadline=settings.value(DEADLINE_ENV) or DEFAULT_DEADLINE,
            max_bytes=settings.value(MAX_BYTES_ENV) or MAX_BYTES,
            retry_delays=RETRY_DELAYS if delays is None else delays,
        )


@dataclass(frozen=True)
class Validators:
    """What a server said identifies a response's version, for a conditional GET next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The request headers asking for the body only if it changed."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Download:
    """A response: the final URL after redirects, its content type and body.

    not_modified: the server answered 304 to a conditional GET (the body is empty).
    """

    url: str
    content_type: str | None  # the Content-Type header as sent
    body: bytes
    validators: Validators = Validators()
    not_modified: bool = False

    @property
    def media_type(self) -> str | None:
        """The lower-case media type, e.g. "text/html"; None when the server sent none."""
        return parse_content_type(self.content_type)[0]

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        return parse_content_type(self.content_type)[1]


def parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """Split a Content-Type header into its lower-case media type and its charset."""
    if not header:
        return None, None
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.strip().lower() or None, charset


def user_agent() -> str:
    """Return the User-Agent sent with every request: product, version and contact if set."""
    agent = f"dipevents/{version('dipevents')}"
    contact = settings.value(USER_AGENT_ENV)
    return f"{agent} (+{contact})" if contact else agent


class Downloader:
    """Downloads URLs by the module's rules over one pool of connections; close it when done.

    limits (Limits | None): None reads them from the DIPEVENTS_FETCH_* settings.
    allowance (Allowance | None): non-public hosts allowed; None reads DIPEVENTS_FETCH_ALLOW.
    """

    def __init__(self, limits: Limits | None = None, allowance: Allowance | None = None) -> None:
        self.limits = Limits.from_env() if limits is None else limits
        self.allowance = Allowance.from_env() if allowance is None else allowance
        self._client = httpx.Client(
            headers={"User-Agent": user_agent(), "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(self.limits.timeout),
            transport=GuardedTransport(self.allowance),
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Downloader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        accept: Callable[[str | None], str | None] | None = None,
        validators: Validators | None = None,
        gate: Gate | None = None,
        max_bytes: int | None = None,
    ) -> Download:
        """Download `url`, retrying transient failures after each of the limits' delays.

        accept: called with the media type before the body is read; a message it returns
            rejects the response, so a PDF or a video is never downloaded to be thrown away.
        validators: those of an earlier response; a 304 then returns `not_modified`.
        gate: called with each URL before it is requested (robots.txt, per-host delay);
            it raises FetchError to refuse. The first call's wait is not part of the deadline.
        max_bytes: a smaller limit than the limits' for this download.
        RETURNS (Download): the response; raises FetchError with a one-line reason otherwise.
        """
        self._check(url)
        if gate is not None:
            gate(url)
        ends = time.monotonic() + self.limits.deadline
        delays = iter(self.limits.retry_delays)
        attempts = 1
        with deadline(ends):
            while True:
                try:
                    return self._follow(
                        url, accept, validators, gate, max_bytes or self.limits.max_bytes
                    )
                except _TransientError as err:
                    pause = self._pause(err, next(delays, None), ends, attempts)
                    logger.warning("%s; retrying in %g s", err, pause)
                time.sleep(pause)
                attempts += 1

    def _check(self, url: str) -> None:
        """Raise FetchError when `url` may not be requested."""
        try:
            check_url(url, self.allowance)
        except UnsafeURLError as err:
            raise FetchError(f"{err}: {url}") from err
        except OSError as err:
            raise FetchError(f"cannot resolve the host ({err.strerror or err}): {url}") from err

    def _pause(
        self, err: _TransientError, delay: float | None, ends: float, attempts: int
    ) -> float:
        """Return the seconds to wait before the next attempt, or raise FetchError to stop."""
        if delay is None:
            tried = f" (gave up after {attempts} attempts)" if attempts > 1 else ""
            raise FetchError(f"{err}{tried}", err.status) from err
        if err.retry_after is not None:
            delay = max(delay, err.retry_after)
        if time.monotonic() + delay >= ends:
            raise FetchError(
                f"{err} (not retried: waiting {delay:g} s would pass the "
                f"{self.limits.deadline:g} s deadline)",
                err.status,
            ) from err
        return delay

    def _follow(
        self,
        url: str,
        accept: Callable[[str | None], str | None] | None,
        validators: Validators | None,
        gate: Gate | None,
        max_bytes: int,
    ) -> Download:
        """Request `url` and the redirects it leads to, checking and gating each new hop."""
        for hop in range(MAX_REDIRECTS + 1):
            if hop:
                self._check(url)
                if gate is not None:
                    gate(url)
            try:
                with self._client.stream(
                    "GET", url, headers=validators.headers() if validators else None
                ) as response:
                    target = _redirect_target(response, url)
                    if target is None:
                        return _read(response, url, accept, validators, max_bytes)
            except httpx.TimeoutException as err:
                raise self._timeout(err, url) from err
            except UnsafeURLError as err:  # the host changed its answer since `_check`
                raise FetchError(f"{err}: {url}") from err
            except httpx.RemoteProtocolError as err:  # also a kept-alive connection dropped
                raise _TransientError(f"malformed or broken response ({err}): {url}") from err
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as err:
                raise FetchError(f"cannot fetch ({err}): {url}") from err
            except httpx.TransportError as err:
                raise _TransientError(
                    f"connection failed ({err or type(err).__name__}): {url}"
                ) from err
            logger.debug("%s redirects to %s", url, target)
            url = target
        raise FetchError(f"more than {MAX_REDIRECTS} redirects, the last to {url}")

    def _timeout(self, err: httpx.TimeoutException, url: str) -> FetchError:
        """A timeout at the deadline is final; an earlier one is worth another try."""
        if deadline_passed():
            return FetchError(
                f"no complete response within the {self.limits.deadline:g} s deadline: {url}"
            )
        return _TransientError(
            f"timed out after {self.limits.timeout:g} s ({type(err).__name__}): {url}"
        )


def _redirect_target(response: httpx.Response, url: str) -> str | None:
    """The absolute URL a redirect points to; None when the response is not a redirect."""
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUSES or not location:
        return None
    return urljoin(url, location.strip())


def _read(
    response: httpx.Response,
    url: str,
    accept: Callable[[str | None], str | None] | None,
    validators: Validators | None,
    max_bytes: int,
) -> Download:
    """Check a final response's status, type and size, and read its body."""
    content_type = response.headers.get("content-type")
    new_validators = Validators(
        response.headers.get("etag"), response.headers.get("last-modified")
    )
    if response.status_code == 304 and validators is not None:
        return Download(url, content_type, b"", validators, not_modified=True)
    _check_status(response, url)
    rejection = accept(parse_content_type(content_type)[0]) if accept else None
    if rejection:
        raise FetchError(f"{rejection}: {url}")
    declared = _content_length(response)
    if declared is not None and declared > max_bytes:
        raise FetchError(
            f"response is {declared:,} bytes, over the {max_bytes:,}-byte limit: {url}"
        )
    body = b"".join(_body_chunks(response, url, declared, max_bytes))
    return Download(url, content_type, body, new_validators)


def _check_status(response: httpx.Response, url: str) -> None:
    """Raise for a non-2xx status; only 429 and 5xx are worth another try."""
    status = response.status_code
    if 200 <= status < 300:
        return
    message = f"HTTP {status} {response.reason_phrase} for {url}"
    if status == 429 or status >= 500:
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
        raise _TransientError(message, status, retry_after)
    raise FetchError(message, status)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (a number or an HTTP date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _content_length(response: httpx.Response) -> int | None:
    declared = response.headers.get("content-length", "").strip()
    return int(declared) if declared.isdigit() else None


def _body_chunks(
    response: httpx.Response, url: str, declared: int | None, max_bytes: int
) -> Iterator[bytes]:
    """Yield the decoded body, stopping with FetchError past `max_bytes` decoded bytes."""
    decoder = _Decoder(response.headers.get("content-encoding"), url)
    size = received = 0
    try:
        for raw in response.iter_raw():
            received += len(raw)
            data = decoder.decode(raw, max_bytes - size + 1)
            size += len(data)
            if size > max_bytes:
                raise FetchError(
                    f"response exceeds the {max_bytes:,}-byte limit "
                    f"(stopped after {size:,} bytes): {url}"
                )
            yield data
    except httpx.RemoteProtocolError as err:
        if declared is None or received >= declared:
            raise
        raise _TransientError(
            f"the connection closed after {received:,} of the {declared:,} bytes its "
            f"Content-Length announced: {url}"
        ) from err


class _Decoder:
    """Undoes a gzip or deflate Content-Encoding, never producing more than asked per call."""

    def __init__(self, encoding: str | None, url: str) -> None:
        self._url = url
        name = (encoding or "identity").strip().lower()
        if name in ("gzip", "x-gzip", "deflate"):
            # 32 + MAX_WBITS: a gzip or a zlib header, detected from the data.
            self._zlib: zlib._Decompress | None = zlib.decompressobj(32 + zlib.MAX_WBITS)
        elif name == "identity":
            self._zlib = None
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}: {url}")

    def decode(self, data: bytes, limit: int) -> bytes:
        """Return the decoded bytes of `data`, at most `limit` of them (the rest is dropped:
        reaching the limit ends the download)."""
        if self._zlib is None:
            return data[:limit]
        try:
            return self._zlib.decompress(data, limit)
        except zlib.error as err:
            raise FetchError(f"corrupt compressed body ({err}): {self._url}") from err

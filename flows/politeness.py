"""Manners toward the sites fetched: robots.txt obeyed, and requests to one site spaced out.

A `PoliteClient` wraps a `Downloader` for one run. Before each request (redirect hops
included) it reads the site's robots.txt once per run (parsed by Protego, which follows RFC
9309: longest match wins, `*` and `$` patterns) and refuses what it disallows for
`dipevents`; then it waits until the site's delay has passed since the previous request:
the site's Crawl-delay when robots.txt gives one, DIPEVENTS_FETCH_HOST_DELAY otherwise.

What a missing robots.txt means follows RFC 9309: a 4xx answer (no file) allows everything;
a 5xx, a 429 or no answer means "disallow all" for the run, since a site in trouble is not
to be crawled. DIPEVENTS_FETCH_ROBOTS=off skips robots.txt (the delay still applies).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

import settings
from flows.download import Download, Downloader, FetchError

ROBOTS_ENV = "DIPEVENTS_FETCH_ROBOTS"  # on (default) or off
HOST_DELAY_ENV = "DIPEVENTS_FETCH_HOST_DELAY"  # seconds
DEFAULT_HOST_DELAY = 1.0
# The product token robots.txt groups are matched against ("User-agent: dipevents").
ROBOTS_TOKEN = "dipevents"
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; more is not needed.
ROBOTS_MAX_BYTES = 512_000
# A Crawl-delay above this would hold a run for hours: the site's pages are refused instead.
MAX_CRAWL_DELAY = 60.0


@dataclass(frozen=True)
class Manners:
    """Whether robots.txt is read, and the seconds between requests to a site without
    Crawl-delay."""

    robots: bool = True
    host_delay: float = DEFAULT_HOST_DELAY

    @classmethod
    def from_env(cls) -> Manners:
        """Read DIPEVENTS_FETCH_ROBOTS and DIPEVENTS_FETCH_HOST_DELAY; ValueError names a bad
        one."""
        delay = settings.value(HOST_DELAY_ENV)
        return cls(
            robots=settings.value(ROBOTS_ENV),
            host_delay=DEFAULT_HOST_DELAY if delay is None else delay,
        )


@dataclass
class _Site:
    """What one run knows of a site: its robots rules, why it is refused, its next slot."""

    rules: Protego | None = None  # None: everything allowed
    refusal: str | None = None  # set when robots.txt forbids the whole site for this run
    delay: float = DEFAULT_HOST_DELAY
    next_request: float = 0.0  # time.monotonic() before which no request is sent


class PoliteClient:
    """A Downloader that obeys robots.txt and spaces out requests to each site; one per run.

    Example:
        with PoliteClient(Downloader()) as client:
            page = client.get("https://example.org/news/1")
    """

    def __init__(self, downloader: Downloader, manners: Manners | None = None) -> None:
        self.downloader = downloader
        self.manners = Manners.from_env() if manners is None else manners
        self._sites: dict[str, _Site] = {}

    def get(self, url: str, **options: Any) -> Download:
        """Download `url` as `Downloader.get` does, each request admitted by `admit`."""
        return self.downloader.get(url, gate=self.admit, **options)

    def admit(self, url: str) -> None:
        """Wait for the site's next slot; raise FetchError when robots.txt refuses `url`."""
        site = self._site(url)
        if site.refusal:
            raise FetchError(f"{site.refusal}: {url}")
        if site.rules is not None and not site.rules.can_fetch(url, ROBOTS_TOKEN):
            raise FetchError(
                f"robots.txt disallows it for {ROBOTS_TOKEN} ({ROBOTS_ENV}=off ignores "
                f"robots.txt): {url}"
            )
        wait = site.next_request - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        site.next_request = time.monotonic() + site.delay

    def close(self) -> None:
        self.downloader.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _site(self, url: str) -> _Site:
        """The run's knowledge of the site serving `url`, reading its robots.txt once."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        site = self._sites.get(origin)
        if site is None:
            site = self._sites[origin] = self._learn(origin)
        return site

    def _learn(self, origin: str) -> _Site:
        """Read a site's robots.txt (if robots are on) into its rules and delay."""
        site = _Site(delay=self.manners.host_delay)
        if not self.manners.robots:
            return site
        try:
            robots = self.downloader.get(f"{origin}/robots.txt", max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as err:
            if err.status is not None and 400 <= err.status < 500 and err.status != 429:
                return site  # no robots.txt: everything allowed
            site.refusal = (
                f"robots.txt unavailable ({err}), which means 'disallow all' until it answers "
                f"({ROBOTS_ENV}=off ignores robots.txt)"
            )
            return site
        site.rules = Protego.parse(robots.body.decode("utf-8", errors="replace"))
        crawl_delay = site.rules.crawl_delay(ROBOTS_TOKEN)
        if crawl_delay is not None and crawl_delay > MAX_CRAWL_DELAY:
            site.refusal = (
                f"robots.txt asks for {crawl_delay:g} s between requests, more than the "
                f"{MAX_CRAWL_DELAY:g} s a run waits"
            )
        elif crawl_delay is not None:
            site.delay = crawl_delay
        return site

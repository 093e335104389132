"""No request leaves for a non-public address, however the URL spells it, whichever hop leads
there, unless DIPEVENTS_FETCH_ALLOW lists it. Local servers stand in for the victims."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

from flows.download import Downloader, Limits
from flows.fetch import fetch_page
from flows.politeness import Manners, PoliteClient
from flows.urlsafety import Allowance
from pipeline.model import ArticleError, RawArticle

from .webserver import Handler, Server, serve

PAGE = b"<html><head><title>Inside</title></head><body><p>Secret.</p></body></html>"
FAST = Limits(timeout=1.0, deadline=5.0, retry_delays=())
LOCAL = Allowance(networks=(ipaddress.ip_network("127.0.0.1/32"),))
NO_WAIT = Manners(host_delay=0)


def client(allowance: Allowance, manners: Manners = NO_WAIT) -> PoliteClient:
    return PoliteClient(Downloader(FAST, allowance), manners)


def page(handler: Handler) -> None:
    handler.send(200, PAGE)


@pytest.fixture
def victim() -> Iterator[Server]:
    """A page on 127.0.0.1 that must not be reached unless allowed."""
    with serve({"/page": page}) as server:
        yield server


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "0177.0.0.1", "[::ffff:127.0.0.1]",
     "[::1]", "localhost"],
)
def test_every_spelling_of_loopback_is_refused_before_any_request(victim: Server, host: str):
    url = f"http://{host}:{victim.port}/page"
    with client(Allowance()) as web:
        error = fetch_page(url, client=web)
    assert isinstance(error, ArticleError)
    assert error.stage == "fetch"
    assert "is not a public address (loopback)" in error.message
    assert "DIPEVENTS_FETCH_ALLOW" in error.message
    assert sum(victim.hits.values()) == 0


@pytest.mark.parametrize(
    "host,kind",
    [
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("[fc00::1]", "private"),
        ("169.254.169.254", "link-local"),
        ("[fe80::1]", "link-local"),
        ("224.0.0.1", "multicast"),
        ("[ff02::1]", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("[::]", "unspecified"),
        ("100.64.0.1", "non-public"),
    ],
)
def test_non_public_addresses_are_refused_with_their_kind(host: str, kind: str):
    with client(Allowance()) as web:
        error = fetch_page(f"http://{host}/latest/meta-data/", client=web)
    assert isinstance(error, ArticleError)
    assert f"is not a public address ({kind})" in error.message


@pytest.fixture
def second_loopback() -> Iterator[Server]:
    """A victim on 127.0.0.2, which an allowance of 127.0.0.1 alone does not cover."""
    try:
        with serve({"/secret": page}, host="127.0.0.2") as server:
            yield server
    except OSError as err:
        pytest.skip(f"cannot listen on 127.0.0.2 here: {err}")


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.2:{port}/secret", "http://2130706434:{port}/secret",
     "http://0x7f000002:{port}/secret", "http://[::ffff:127.0.0.2]:{port}/secret",
     "http://[::1]:{port}/secret"],
)
def test_a_redirect_to_loopback_is_refused_at_that_hop(second_loopback: Server, target: str):
    location = target.format(port=second_loopback.port)

    def redirect(handler: Handler) -> None:
        handler.send(302, Location=location)

    with serve({"/go": redirect}) as hostile, client(LOCAL) as web:
        error = fetch_page(hostile.url("/go"), client=web)
    assert isinstance(error, ArticleError)
    assert "is not a public address (loopback)" in error.message
    assert error.message.endswith(location)
    assert hostile.hits["/go"] == 1
    assert sum(second_loopback.hits.values()) == 0


def test_an_allowed_host_name_is_reached_but_not_its_address_spelled_out(victim: Server):
    with client(Allowance(hosts=frozenset({"localhost"}))) as web:
        allowed = fetch_page(f"http://localhost:{victim.port}/page", client=web)
        refused = fetch_page(victim.url("/page"), client=web)
    assert isinstance(allowed, RawArticle)
    assert allowed.title == "Inside"
    assert isinstance(refused, ArticleError)
    assert "127.0.0.1 is not a public address (loopback)" in refused.message
    assert victim.hits["/page"] == 1


def test_a_name_answering_loopback_when_connecting_is_refused(
    victim: Server, monkeypatch: pytest.MonkeyPatch
):
    """DNS rebinding: public when the URL is checked, loopback when the connection opens."""
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def rebinding(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr("flows.urlsafety.socket.getaddrinfo", rebinding)
    with client(Allowance(), Manners(robots=False, host_delay=0)) as web:
        error = fetch_page(f"http://rebind.example:{victim.port}/page", client=web)
    assert isinstance(error, ArticleError)
    assert "rebind.example (127.0.0.1) is not a public address (loopback)" in error.message
    assert sum(victim.hits.values()) == 0


def test_redirects_stop_after_the_hop_limit():
    def loop(handler: Handler) -> None:
        handler.send(301, Location="/loop")

    with serve({"/loop": loop}) as server, client(LOCAL) as web:
        error = fetch_page(server.url("/loop"), client=web)
    assert isinstance(error, ArticleError)
    assert error.message == f"more than 10 redirects, the last to {server.url('/loop')}"
    assert server.hits["/loop"] == 11


@pytest.mark.parametrize(
    "url,expected",
    [
        ("http://a..b/page", "invalid host name 'a..b'"),
        ("http://[::1/page", "malformed URL (Invalid IPv6 URL)"),
        ("https://example.org:99999/page", "malformed URL (Port out of range"),
        ("http:///page", "URL has no host"),
        ("javascript:alert(1)", "unsupported URL scheme 'javascript'"),
    ],
)
def test_malformed_urls_become_error_rows(url: str, expected: str):
    with client(Allowance()) as web:
        error = fetch_page(url, client=web)
    assert isinstance(error, ArticleError)
    assert expected in error.message

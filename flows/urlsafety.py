"""Which URLs a web fetch may reach: http(s) to public addresses, unless the operator allows more.

A feed or a URL list is written by someone else, so a link may point at the machine running the
crawler or at its network (`http://127.0.0.1:8080/admin`, `http://169.254.169.254/` for cloud
credentials, `http://intranet/`). Checking the host name as written is not enough: the same
address has many spellings (`2130706433`, `0x7f000001`, `127.1`, `[::ffff:127.0.0.1]`) and any
name can resolve to it. So the host is resolved the way the connection will resolve it
(`getaddrinfo`, which also reads the numeric spellings) and every address it gives must be
public. The check runs before each request, redirects included, and again when the connection
is opened (`flows.transport`), so a name that changes its answer in between gains nothing.

`DIPEVENTS_FETCH_ALLOW` lists the host names and networks that may be reached all the same,
comma-separated: `127.0.0.1, 10.0.0.0/8, intranet.example`. A network allows every spelling of
its addresses; a host name allows that name whatever it resolves to.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import settings

ALLOW_ENV = "DIPEVENTS_FETCH_ALLOW"
ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class UnsafeURLError(ValueError):
    """A URL the crawler must not request; the message says why and how to allow it."""


@dataclass(frozen=True)
class Allowance:
    """Host names and networks the operator allows although they are not public."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_env(cls) -> Allowance:
        """Read DIPEVENTS_FETCH_ALLOW; raise ValueError naming an entry that is neither."""
        return cls(*settings.value(ALLOW_ENV))

    def permits(self, host: str, address: IPAddress) -> bool:
        """Whether the operator allows `host`, or the network `address` is in."""
        return host.lower().rstrip(".") in self.hosts or any(
            address in network for network in self.networks
        )


def refusal(address: IPAddress) -> str | None:
    """Name the kind of non-public address `address` is ("loopback" ...); None when public.

    An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is the IPv4 address it carries; a 6to4
    one (`2002:7f00:1::`) is judged by its IPv4 part too. Python's flags do neither.
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _kind(address.ipv4_mapped)
    sixtofour = address.sixtofour if isinstance(address, ipaddress.IPv6Address) else None
    return _kind(address) or (_kind(sixtofour) if sixtofour is not None else None)


def _kind(address: IPAddress) -> str | None:
    """The first non-public kind an address is, most specific first."""
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    ):
        if flag:
            return kind
    return None


def vet_host(host: str, port: int, allowance: Allowance) -> list[str]:
    """Resolve `host` and return its addresses, all public or allowed.

    RETURNS (list[str]): the addresses to connect to, in resolver order.
    RAISES (UnsafeURLError): when one of them is neither public nor allowed (one bad answer
        is enough: the connection might pick it), or the name is malformed. OSError when the
        name does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (UnicodeError, ValueError) as err:  # an empty or over-long label, a NUL
        raise UnsafeURLError(f"invalid host name {host!r} ({err})") from err
    addresses: list[str] = []
    for info in infos:
        text = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id ("fe80::1%eth0")
        address = ipaddress.ip_address(text)
        kind = refusal(address)
        if kind and not allowance.permits(host, address):
            shown = host if host == text else f"{host} ({text})"
            raise UnsafeURLError(
                f"refused: {shown} is not a public address ({kind}); list it in {ALLOW_ENV} "
                "to fetch it anyway"
            )
        if text not in addresses:
            addresses.append(text)
    return addresses


def check_url(url: str, allowance: Allowance) -> None:
    """Refuse a URL that is not http(s) or whose host is not public (see `vet_host`).

    RAISES (UnsafeURLError): with the reason; OSError when the host does not resolve.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise UnsafeURLError(f"malformed URL ({err})") from err
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UnsafeURLError(f"unsupported URL scheme {scheme or '(none)'!r}, only http and https")
    if not parts.hostname:
        raise UnsafeURLError("URL has no host")
    vet_host(parts.hostname, port or DEFAULT_PORTS[scheme], allowance)

"""Fetching http(s) URLs with httpx: timeout, streamed size cap, refusal of private addresses.

Each hop (redirects are followed by hand, at most ``MAX_REDIRECTS``) is resolved first; unless
``settings.allow_private``, a host resolving to a private, loopback, link-local, reserved, multicast
or otherwise non-global address is refused (:class:`AddressRefused`) and the connection goes to the
checked address itself (so a second DNS answer cannot swap it), with the Host header and TLS server
name kept. The body is streamed and reading stops at ``settings.max_bytes``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..errors import AddressRefused, FetchError, InputTooLarge
from .decode import describe_cap

__all__ = ["Fetched", "MAX_REDIRECTS", "USER_AGENT", "check_address", "fetch", "is_url"]

MAX_REDIRECTS = 5
USER_AGENT = "sitrep-ingest/0.1 (+https://example.org/sitrep)"
_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL after redirects
    data: bytes
    media_type: str | None  # "text/html", lower case, no parameters
    charset: str | None  # from the Content-Type header
    status: int


def is_url(spec: str) -> bool:
    """An http(s) URL with a host."""
    parts = urlsplit(spec)
    return parts.scheme.lower() in _SCHEMES and bool(parts.hostname)


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` may not be fetched (its kind), or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _address_kind(ip.ipv4_mapped)
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flag:
            return kind
    if not ip.is_global:
        return "non-global"
    return None


def check_address(host: str, port: int, *, source: str, allow_private: bool) -> str:
    """Resolve ``host`` and return the address to connect to; refuse non-public ones unless allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(source, f"DNS lookup failed for {host!r} ({exc})") from None
    addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
    if not addresses:
        raise FetchError(source, f"DNS lookup for {host!r} returned no addresses")
    if allow_private:
        return addresses[0]
    for addr in addresses:
        kind = _address_kind(ipaddress.ip_address(addr))
        if kind is not None:
            raise AddressRefused(
                source, f"{host} resolves to {addr}, a {kind} address; refused (set allow_private to fetch it)"
            )
    return addresses[0]


def _pinned(url: str, addr: str) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The URL aimed at ``addr`` plus the Host header and TLS server name of the original host."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        return url, {}, {}  # already an address literal
    except ValueError:
        pass
    literal = f"[{addr}]" if ":" in addr else addr
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    extensions: dict[str, Any] = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), {"Host": host_header}, extensions


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    msg = Message()
    msg["content-type"] = value
    charset = msg.get_param("charset")
    return msg.get_content_type().lower(), (str(charset) if charset else None)


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> Fetched:
    """GET ``url``; raise :class:`FetchError`, :class:`AddressRefused` or :class:`InputTooLarge`."""
    import httpx  # lazy

    source = url
    deadline = time.monotonic() + timeout
    current = url
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=allow_private) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
                raise FetchError(source, f"only http(s) URLs are fetched, not {current!r}")
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            addr = check_address(parts.hostname, port, source=source, allow_private=allow_private)
            target, headers, extensions = (current, {}, {}) if allow_private else _pinned(current, addr)
            headers["User-Agent"] = USER_AGENT
            try:
                with client.stream("GET", target, headers=headers, extensions=extensions) as resp:
                    if resp.is_redirect and resp.headers.get("location"):
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(source, f"HTTP {resp.status_code} {resp.reason_phrase} from {current}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise InputTooLarge(
                            source, f"Content-Length {int(declared):,} bytes is over the {describe_cap(max_bytes)} cap"
                        )
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in resp.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise InputTooLarge(
                                source, f"response is over the {describe_cap(max_bytes)} cap; stopped reading at {total:,} bytes"
                            )
                        chunks.append(chunk)
                        if time.monotonic() > deadline:
                            raise FetchError(source, f"timed out after {timeout:g}s (fetch_timeout) while reading")
                    media_type, charset = _content_type(resp.headers.get("content-type"))
                    return Fetched(url=current, data=b"".join(chunks), media_type=media_type, charset=charset, status=resp.status_code)
            except httpx.TimeoutException:
                raise FetchError(source, f"timed out after {timeout:g}s (fetch_timeout)") from None
            except httpx.HTTPError as exc:
                raise FetchError(source, f"{type(exc).__name__}: {exc or 'request failed'}") from None
    raise FetchError(source, f"more than {MAX_REDIRECTS} redirects")

"""URL ingest against a real HTTP server on 127.0.0.1 (started here; no outside network)."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitrep.errors import AddressRefused, FetchError
from sitrep.ingest import read_inputs
from sitrep.ingest.fetch import check_address, fetch
from sitrep.records import Article, Quarantined
from sitrep.settings import load_settings

pytestmark = pytest.mark.network

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

PLAIN = (FIXTURES / "wire_mosul.txt").read_bytes()
PAGE = (FIXTURES / "page.html").read_bytes()
FEED = (FIXTURES / "feed.xml").read_bytes()


class Handler(BaseHTTPRequestHandler):
    served_bytes: dict[str, int] = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, ctype: str | None, body: bytes) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def do_GET(self):  # noqa: N802
        path = self.path
        if path == "/wire":
            self._send(200, "text/plain; charset=utf-8", PLAIN)
        elif path == "/page":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif path == "/latin-page":
            body = PAGE.decode("utf-8").replace('<meta charset="utf-8">', "").replace("Monday morning", "Monday morning at the Café Donbass")
            self._send(200, "text/html; charset=ISO-8859-1", body.encode("latin-1"))
        elif path == "/feed":
            self._send(200, "application/rss+xml", FEED)
        elif path == "/sniffed":
            self._send(200, "application/octet-stream", PAGE)
        elif path == "/host":
            self._send(200, "text/plain", b"Host echo\nThe request named the host " + self.headers["Host"].encode() + b".\n")
        elif path == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.4 not an article")
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/plain", PLAIN)
        elif path == "/drip":
            # sends a little at a time, each piece within the read timeout, the whole beyond the budget
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(12):
                    self.wfile.write(b"Headline\nA line of text.\n")
                    self.wfile.flush()
                    time.sleep(0.15)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/endless":
            # chunked, no Content-Length: the client must stop at the cap by itself
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            chunk = b"Shelling went on through the night. " * 100
            try:
                for _ in range(2000):  # ~7 MB if nobody stops reading
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            Handler.served_bytes["/endless"] = sent
        else:
            self._send(404, "text/html", b"<html><body>Not found</body></html>")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def loopback():
    return load_settings(environ={}).replace(allow_private=True, fetch_timeout=5.0)


def _one(url, settings):
    items = list(read_inputs([url], settings=settings))
    assert len(items) == 1, items
    return items[0]


def test_plain_text_url(server, loopback):
    art = _one(f"{server}/wire", loopback)
    assert isinstance(art, Article)
    assert art.source == f"{server}/wire" and art.url == f"{server}/wire"
    assert art.credits == ("Reuters", "AFP", "AP")
    assert art.retrieved and art.retrieved.endswith("+00:00")


def test_html_url(server, loopback):
    art = _one(f"{server}/page", loopback)
    assert art.title == "Shelling hits Donetsk suburb, officials say"
    assert art.published == "2022-03-14"
    assert "Subscribe today" not in art.text


def test_html_charset_from_http_header(server, loopback):
    art = _one(f"{server}/latin-page", loopback)
    assert "Café Donbass" in art.text


def test_feed_url(server, loopback):
    items = list(read_inputs([f"{server}/feed"], settings=loopback))
    arts = [i for i in items if isinstance(i, Article)]
    assert [a.url for a in arts] == [
        "https://dispatch.example/sahel/mali-village-attack",
        "https://dispatch.example/sahel/niamey-curfew",
    ]
    assert all(a.source == f"{server}/feed" for a in arts)


def test_generic_content_type_is_sniffed(server, loopback):
    art = _one(f"{server}/sniffed", loopback)
    assert isinstance(art, Article) and art.outlet == "Steppe Herald"


def test_unsupported_content_type(server, loopback):
    q = _one(f"{server}/pdf", loopback)
    assert q.reason == "unknown-format" and "application/pdf" in q.detail


def test_redirect_is_followed(server, loopback):
    art = _one(f"{server}/moved", loopback)
    assert art.url == f"{server}/page" and art.source == f"{server}/moved"


def test_404(server, loopback):
    q = _one(f"{server}/missing", loopback)
    assert isinstance(q, Quarantined)
    assert q.reason == "fetch-failed" and "HTTP 404" in q.detail and q.input == f"{server}/missing"


def test_timeout(server, loopback):
    q = _one(f"{server}/slow", loopback.replace(fetch_timeout=0.3))
    assert q.reason == "fetch-failed" and "timed out" in q.detail


def test_total_time_budget_on_a_dripping_response(server, loopback):
    started = time.monotonic()
    q = _one(f"{server}/drip", loopback.replace(fetch_timeout=0.6))
    assert q.reason == "fetch-failed" and "timed out" in q.detail
    assert time.monotonic() - started < 1.5


def test_size_cap_on_streamed_response(server, loopback):
    started = time.monotonic()
    q = _one(f"{server}/endless", loopback.replace(max_bytes=64 * 1024))
    assert q.reason == "too-large"
    assert "over the 64 KB cap" in q.detail and "stopped reading" in q.detail
    assert time.monotonic() - started < 3


def test_loopback_refused_without_allow_private(server):
    settings = load_settings(environ={}).replace(allow_private=False, fetch_timeout=2.0)
    q = _one(f"{server}/page", settings)
    assert q.reason == "address-refused"
    assert "127.0.0.1" in q.detail and "loopback" in q.detail and "allow_private" in q.detail


def test_localhost_name_refused_without_allow_private(server):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(AddressRefused):
        fetch(f"http://localhost:{port}/page", timeout=2.0, max_bytes=1 << 20, allow_private=False)


@pytest.mark.parametrize(
    "addr, kind",
    [("10.1.2.3", "private"), ("169.254.169.254", "link-local"), ("::1", "loopback"), ("::ffff:192.168.0.1", "private"), ("240.0.0.1", "reserved")],
)
def test_non_public_addresses_refused(monkeypatch, addr, kind):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(family, socket.SOCK_STREAM, 6, "", (addr, 80))])
    with pytest.raises(AddressRefused) as info:
        check_address("news.example", 80, source="http://news.example/", allow_private=False)
    assert kind in info.value.detail


def test_public_address_is_pinned(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))])
    assert check_address("news.example", 80, source="http://news.example/", allow_private=False) == "93.184.216.34"


def test_dns_failure(monkeypatch, loopback):
    def fail(*a, **k):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    q = _one("http://no-such-host.example/news", loopback)
    assert q.reason == "fetch-failed" and "DNS lookup failed" in q.detail and "no-such-host.example" in q.detail


def test_connection_refused(loopback):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/", timeout=2.0, max_bytes=1024, allow_private=True)
    assert info.value.reason == "fetch-failed" and "Connect" in info.value.detail


def test_connection_goes_to_the_checked_address(server, monkeypatch):
    """DNS is asked once; the connection uses that answer (no second lookup to swap it), Host kept."""
    import sitrep.ingest.fetch as fetch_module

    port = int(server.rsplit(":", 1)[1])
    calls = []

    def resolve_once(host, *a, **k):
        if host == "127.0.0.1":  # the socket layer "resolves" the address literal itself: no DNS
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        calls.append(host)
        if len(calls) > 1:
            raise socket.gaierror(socket.EAI_NONAME, "second lookup")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve_once)
    monkeypatch.setattr(fetch_module, "_address_kind", lambda ip: None)  # treat 127.0.0.1 as public here
    got = fetch(f"http://news.example:{port}/host", timeout=2.0, max_bytes=1 << 20, allow_private=False)
    assert calls == ["news.example"]
    assert f"news.example:{port}".encode() in got.data
    assert got.url == f"http://news.example:{port}/host"

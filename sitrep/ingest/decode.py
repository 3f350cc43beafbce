"""Bytes → str: empty and binary detection, BOMs, declared charsets, and the size cap.

Plain text must be UTF-8 or start with a byte-order mark. HTML and feeds may also declare a charset
(HTTP header, ``<meta charset>``, XML declaration); each declared charset is tried in turn, then UTF-8.
"""

from __future__ import annotations

import codecs
import re

from ..errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput

__all__ = ["BOMS", "check_size", "decode_bytes", "describe_cap", "declared_charsets", "looks_binary"]

#: Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)

#: Share of control bytes in the sample above which an input counts as binary.
BINARY_CONTROL_SHARE = 0.10
_SAMPLE = 8192


def describe_cap(cap: int) -> str:
    """The cap in words: 5242880 → "5 MB", 2048 → "2 KB", 1000 → "1000 bytes"."""
    mb, kb = 1024 * 1024, 1024
    if cap >= mb and cap % mb == 0:
        return f"{cap // mb} MB"
    if cap >= mb:
        return f"{cap / mb:.1f} MB"
    if cap >= kb and cap % kb == 0:
        return f"{cap // kb} KB"
    return f"{cap} bytes"


def check_size(size: int, *, source: str, cap: int) -> None:
    """Raise :class:`InputTooLarge` when ``size`` bytes exceed ``cap``."""
    if size > cap:
        raise InputTooLarge(source, f"{size:,} bytes is over the {describe_cap(cap)} cap (max_bytes={cap})")


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, name in BOMS:
        if data.startswith(mark):
            return name, len(mark)
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or mostly control bytes in the first 8 KB (inputs with a UTF-16/32 BOM are text)."""
    if _bom(data) is not None:
        return False
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return controls / len(sample) > BINARY_CONTROL_SHARE


def declared_charsets(data: bytes, *, header: str | None = None, kind: str = "html") -> list[str]:
    """Charsets an input declares, strongest first: the HTTP header, then the document's own."""
    found: list[str] = []
    if header:
        m = _HEADER_CHARSET.search(header)
        found.append(m.group(1) if m else header)
    head = data[:4096]
    if kind in ("html", "feed"):
        m = _XML_ENCODING.search(head)
        if m:
            found.append(m.group(1).decode("ascii"))
    if kind == "html":
        m = _META_CHARSET.search(head)
        if m:
            found.append(m.group(1).decode("ascii"))
    out: list[str] = []
    for name in found:
        try:
            canonical = codecs.lookup(name.strip()).name
        except LookupError:
            continue
        if canonical not in out:
            out.append(canonical)
    return out


def decode_bytes(data: bytes, *, source: str, kind: str = "text", charset: str | None = None) -> str:
    """Decode ``data`` read from ``source``; ``kind`` is text, html, feed or jsonl.

    Raises :class:`EmptyInput` (nothing but whitespace), :class:`BinaryInput` and
    :class:`UndecodableInput` (naming the charsets tried).
    """
    if not data.strip():
        raise EmptyInput(source, "the input is empty" if not data else "the input holds only whitespace")
    bom = _bom(data)
    if bom is not None:
        name, skip = bom
        try:
            text = data[skip:].decode(name)
        except UnicodeDecodeError as exc:
            raise UndecodableInput(source, f"starts with a {name} byte-order mark but is not valid {name} ({exc.reason} at byte {exc.start + skip})") from None
        if not text.strip():
            raise EmptyInput(source, "the input holds only a byte-order mark and whitespace")
        return text
    if looks_binary(data):
        why = "contains NUL bytes" if b"\x00" in data[:_SAMPLE] else "is mostly control bytes"
        raise BinaryInput(source, f"looks like a binary file ({why}), not text")
    candidates = declared_charsets(data, header=charset, kind=kind) if kind in ("html", "feed") else []
    if kind not in ("html", "feed") and charset:
        candidates = declared_charsets(b"", header=charset, kind="text")
    if "utf-8" not in candidates:
        candidates.append("utf-8")
    errors: list[str] = []
    for name in candidates:
        try:
            return data.decode(name)
        except UnicodeDecodeError as exc:
            errors.append(f"{name}: {exc.reason} at byte {exc.start}")
    raise UndecodableInput(source, "bytes are not valid text in any declared charset (" + "; ".join(errors) + ")")

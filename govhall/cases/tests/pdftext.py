"""Reading the text back out of our own PDFs, for assertions: ReportLab writes
ASCII85 + Flate content streams, and the CID font's strings are UTF-16BE
literals (UniGB-UCS2-H)."""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \][^>]*>>\s*stream\r?\n(.*?)endstream", re.S
)
_SHOW = re.compile(rb"/F2 [\d.]+ Tf[^(]*?\(((?:\\.|[^\\)])*)\) Tj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i : i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def pdf_lines(pdf: bytes) -> list[str]:
    """Each run of text shown in the STSong-Light font (a wrapped line of a
    paragraph, a table cell's line), in drawing order."""
    lines = []
    for match in _STREAM.finditer(pdf):
        data = match.group(1).strip()
        if data.startswith(b"<~"):
            data = data[2:]
        content = zlib.decompress(base64.a85decode(data.removesuffix(b"~>").strip()))
        for show in _SHOW.finditer(content):
            lines.append(_unescape(show.group(1)).decode("utf-16-be"))
    return lines


def pdf_text(pdf: bytes) -> str:
    return "".join(pdf_lines(pdf))

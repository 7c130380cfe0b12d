"""Small real files for the demo's uploads: a PNG photo placeholder (a plain
coloured picture) and a one-page PDF with the document's title."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from govhall.core.pdf import BODY, TITLE, esc


def png(name: str, rgb=(90, 140, 190), size=(160, 120)) -> SimpleUploadedFile:
    width, height = size
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw)
    data += chunk(b"IEND", b"")
    return SimpleUploadedFile(name, data, content_type="image/png")


def pdf(name: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, topMargin=25 * mm, title=title)
    story = [Paragraph(esc(title), TITLE), Spacer(1, 8 * mm)]
    story += [Paragraph(esc(line), BODY) for line in lines]
    doc.build(story)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")

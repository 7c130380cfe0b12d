"""The files of an online application (不见面审批), checked by what they are:
the type is read from the bytes (PDF, JPEG, PNG), never from the name or the
browser's content type; images are decoded and re-encoded with Pillow (which
drops whatever rides along: EXIF and its GPS position, a payload after the
image's end); a PDF must be whole and carry no active content."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from govhall.core.errors import ValidationFailed

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
# A phone photo is ~12 Mpx; far beyond that is a decompression bomb, not a scan.
MAX_PIXELS = 40_000_000
# Names of PDF content that runs or carries something (a script, a program to
# launch, an embedded file). Hex escapes in names (/J#61vaScript) are undone
# first. A script inside a compressed object stream is not seen (a limit of
# this check: the file is only ever opened by staff, on its own, never embedded).
_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # pdf, jpg or png
    content: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def sniff(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _refuse(field: str, code: str, message) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: message})


def _read(upload, limit: int) -> bytes:
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return data


def _image(data: bytes, kind: str, field: str) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise _refuse(field, "file_invalid", _("图片尺寸过大"))
                probe.verify()  # structure and checksums, before decoding
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                if (img.format or "").upper() != {"jpg": "JPEG", "png": "PNG"}[kind]:
                    raise _refuse(field, "file_type", _("文件内容与类型不符"))
                out = io.BytesIO()
                if kind == "jpg":
                    img.convert("RGB").save(out, "JPEG", quality=90)
                else:
                    mode = img.mode if img.mode in ("1", "L", "LA", "RGB", "RGBA") else "RGBA"
                    img.convert(mode).save(out, "PNG", optimize=True)
                return out.getvalue()
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as exc:
        raise _refuse(field, "file_invalid", _("图片文件已损坏或无法识别")) from exc


def _pdf(data: bytes, field: str) -> bytes:
    if b"%%EOF" not in data[-1024:]:
        raise _refuse(field, "file_invalid", _("PDF 文件不完整"))
    plain = _HEX.sub(lambda m: bytes([int(m[1], 16)]), data)
    if _ACTIVE.search(plain):
        raise _refuse(
            field, "file_active_content", _("PDF 文件含有脚本或嵌入内容，请另存为普通 PDF")
        )
    return data


def check_file(upload, *, field: str, max_bytes: int) -> CheckedFile:
    """One uploaded file as stored, or ValidationFailed with the field's reason."""
    if upload is None:
        raise _refuse(field, "file_missing", _("请选择文件"))
    size = getattr(upload, "size", None) or 0
    if size > max_bytes:
        mb = max_bytes // (1024 * 1024)
        raise _refuse(field, "file_too_large", _("文件不能超过 %(mb)s MB") % {"mb": mb})
    data = _read(upload, max_bytes)
    if not data:
        raise _refuse(field, "file_empty", _("文件为空"))
    if len(data) > max_bytes:  # the reported size lied
        mb = max_bytes // (1024 * 1024)
        raise _refuse(field, "file_too_large", _("文件不能超过 %(mb)s MB") % {"mb": mb})
    kind = sniff(data[:16])
    if kind is None:
        raise _refuse(field, "file_type", _("只接受 PDF、JPG 或 PNG 文件"))
    content = _pdf(data, field) if kind == "pdf" else _image(data, kind, field)
    return CheckedFile(kind=kind, content=content)

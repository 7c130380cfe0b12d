"""Photos and documents attached to a maintenance log or a round's finding.

Checked by what they are, not by what they are called: the first bytes (a JPEG,
a PNG, a PDF), the size, and for a photo Pillow reading it through; a photo is
stored re-encoded as a JPEG no larger than PHOTO_BOX, upright and without its
EXIF (a tablet's camera writes the GPS position of the hall into it)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from govhall.core.errors import ValidationFailed

MAX_BYTES = 8 * 1024 * 1024  # a tablet's camera photo is 2-6 MB
PHOTO_BOX = (1600, 1600)
PHOTO_MAX_PIXELS = 40_000_000
MAGIC = {
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
    b"%PDF-": "pdf",
}


@dataclass(frozen=True)
class Checked:
    data: bytes
    kind: str  # "jpeg" (every photo, re-encoded) or "pdf"
    content_type: str
    extension: str


def sniff(head: bytes) -> str | None:
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def _read(upload, field: str) -> bytes:
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationFailed(_("文件为空"), code="file_empty", fields={field: _("文件为空")})
    if size > MAX_BYTES:
        message = _("文件不能超过 %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)}
        raise ValidationFailed(message, code="file_too_large", fields={field: message})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        message = _("文件不能超过 %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)}
        raise ValidationFailed(message, code="file_too_large", fields={field: message})
    return data


def _photo(data: bytes, field: str) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    bad = ValidationFailed(
        _("照片无法识别，请重新拍摄"), code="file_type", fields={field: _("照片无法识别")}
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG"):
                raise bad
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise bad
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail(PHOTO_BOX)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise bad from exc
    return out.getvalue()


def check_photo(upload, field: str = "photo") -> Checked:
    """A JPEG or PNG photo; anything else is refused with the field named."""
    data = _read(upload, field)
    if sniff(data[:16]) not in ("jpeg", "png"):
        message = _("只能上传 JPG 或 PNG 照片")
        raise ValidationFailed(message, code="file_type", fields={field: message})
    return Checked(_photo(data, field), "jpeg", "image/jpeg", "jpg")


def check_attachment(upload, field: str = "attachment") -> Checked:
    """A photo (as above) or a PDF document (a maintenance company's report)."""
    data = _read(upload, field)
    kind = sniff(data[:16])
    if kind == "pdf":
        if b"%%EOF" not in data[-2048:]:
            message = _("PDF 文件不完整")
            raise ValidationFailed(message, code="file_type", fields={field: message})
        return Checked(data, "pdf", "application/pdf", "pdf")
    if kind in ("jpeg", "png"):
        return Checked(_photo(data, field), "jpeg", "image/jpeg", "jpg")
    message = _("只能上传 JPG、PNG 照片或 PDF 文件")
    raise ValidationFailed(message, code="file_type", fields={field: message})

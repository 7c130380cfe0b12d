"""Photos and reports attached to a maintenance log or a round's finding.

The type and size are checked by the standards app's `check_upload` (the first
bytes, never the name or the browser's word); a photo is then read through by
Pillow and stored re-encoded as a JPEG no larger than PHOTO_BOX, upright and
without its EXIF (a tablet's camera writes the hall's GPS position into it)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from govhall.core.errors import ValidationFailed

from ..uploads import check_upload

PHOTO_BOX = (1600, 1600)
PHOTO_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class Checked:
    data: bytes
    extension: str  # "jpg" (every photo, re-encoded) or "pdf"
    content_type: str


def _reencoded(data: bytes, field: str) -> bytes:
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


def checked(upload, *, field: str, documents: bool) -> Checked:
    """A JPEG or PNG photo, or (with `documents`) a PDF report, else ValidationFailed."""
    kinds = ("jpg", "png", "pdf") if documents else ("jpg", "png")
    ext, content_type = check_upload(upload, field=field, kinds=kinds)
    upload.seek(0)
    data = upload.read()
    if ext == "pdf":
        return Checked(data, "pdf", content_type)
    return Checked(_reencoded(data, field), "jpg", "image/jpeg")

"""Photos of lost property and claim signatures: checked by content (Pillow opens
them as JPEG or PNG, whatever the name or the browser says), limited in size,
re-encoded so nothing rides along (EXIF, GPS, trailing bytes)."""

from __future__ import annotations

import base64
import binascii
import io

from django.utils.translation import gettext_lazy as _

from govhall.core.errors import ValidationFailed

PHOTO_MAX_BYTES = 5 * 1024 * 1024
SIGNATURE_MAX_BYTES = 512 * 1024
MAX_PIXELS = 40_000_000
PHOTO_BOX = (1200, 1200)


def _read(upload, limit: int, field: str) -> bytes:
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            data = b"x" * (limit + 1)
        else:
            data = upload.read(limit + 1)
    if not data:
        raise ValidationFailed(_("文件为空"), fields={field: _("文件为空")})
    if len(data) > limit:
        message = _("文件不能超过 %(kb)s KB") % {"kb": limit // 1024}
        raise ValidationFailed(message, code="file_too_large", fields={field: message})
    return data


def reencoded(upload, *, field: str, limit: int, fmt: str, box=PHOTO_BOX) -> bytes:
    """JPEG or PNG in; the image re-encoded as `fmt` ("JPEG" or "PNG") out."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    data = _read(upload, limit, field)
    message = _("请上传 JPG 或 PNG 图片")
    bad = ValidationFailed(message, code="image_invalid", fields={field: message})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG") or probe.width * probe.height > MAX_PIXELS:
                raise bad
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB" if fmt == "JPEG" else "RGBA")
            image.thumbnail(box)
            out = io.BytesIO()
            image.save(out, fmt, **({"quality": 85} if fmt == "JPEG" else {"optimize": True}))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise bad from exc
    return out.getvalue()


def photo(upload) -> bytes:
    return reencoded(upload, field="photo", limit=PHOTO_MAX_BYTES, fmt="JPEG")


def signature(value) -> bytes:
    """A signature pad's PNG: raw bytes or a data URL (data:image/png;base64,...)."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("data:"):
            head, _sep, text = text.partition(",")
            if ";base64" not in head:
                raise ValidationFailed(_("签名格式有误"), fields={"signature": _("签名格式有误")})
        if len(text) > SIGNATURE_MAX_BYTES * 2:
            raise ValidationFailed(_("签名过大"), fields={"signature": _("签名过大")})
        try:
            value = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed(
                _("签名格式有误"), fields={"signature": _("签名格式有误")}
            ) from exc
    png = reencoded(value, field="signature", limit=SIGNATURE_MAX_BYTES, fmt="PNG", box=(900, 300))
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        # A blank pad: nothing drawn on a transparent one, no dark stroke on an opaque one.
        alpha = image.getchannel("A")
        if alpha.getextrema() == (255, 255):
            inked = image.convert("L").getextrema()[0] < 200
        else:
            inked = alpha.getbbox() is not None
        if not inked:
            raise ValidationFailed(_("请认领人签名"), fields={"signature": _("签名为空")})
    return png

"""Signatures from the desk's signature pad: a PNG drawn on a canvas (our own
small JS, static/govhall/assist-signature.js), sent as a data URL. Checked here:
a real PNG, not too large, and not blank (a press of the button without a
stroke is refused)."""

from __future__ import annotations

import base64
import binascii
import io

from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from govhall.core.errors import ValidationFailed

MAX_BYTES = 200_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PREFIX = "data:image/png;base64,"
MIN_INK = 60  # pixels a signature leaves at the least


def _fail(message, field: str) -> ValidationFailed:
    return ValidationFailed(message, code="signature_invalid", fields={field: message})


def parse_signature(value, field: str = "signature") -> bytes:
    """The PNG bytes of a data URL (or raw bytes), or ValidationFailed."""
    if isinstance(value, bytes | bytearray):
        raw = bytes(value)
    else:
        text = (value or "").strip()
        if not text:
            raise _fail(_("请服务对象在签名板上签名"), field)
        if not text.startswith(PREFIX) or len(text) > MAX_BYTES * 4 // 3 + len(PREFIX) + 4:
            raise _fail(_("签名格式无效"), field)
        try:
            raw = base64.b64decode(text[len(PREFIX) :], validate=True)
        except (binascii.Error, ValueError):
            raise _fail(_("签名格式无效"), field) from None
    if len(raw) > MAX_BYTES or not raw.startswith(PNG_MAGIC):
        raise _fail(_("签名格式无效"), field)
    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise _fail(_("签名格式无效"), field) from None
    width, height = image.size
    if not (50 <= width <= 2000 and 30 <= height <= 1200):
        raise _fail(_("签名格式无效"), field)
    alpha = image.convert("RGBA").getchannel("A")
    gray = image.convert("L")
    # Ink: opaque and dark (the pad draws dark strokes on a transparent or white ground).
    ink = sum(
        1 for a, g in zip(alpha.tobytes(), gray.tobytes(), strict=True) if a > 128 and g < 128
    )
    if ink < MIN_INK:
        raise _fail(_("签名为空，请服务对象签名"), field)
    return raw

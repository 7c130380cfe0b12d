"""The standards world with a hall for upkeep, emergency and rounds: zones, a
duty manager, and real photos (Pillow-made) beside files that only look like one."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.hall.models import Zone, ZoneKind

from .factories import world


def hall_world() -> dict:
    w = world()
    w["duty"] = f.staff(Role.DUTY_MANAGER, center_=w["center"])
    w["zones"] = [
        Zone.objects.create(
            center=w["center"], code="A", name="咨询导服区", kind=ZoneKind.GUIDANCE
        ),
        Zone.objects.create(center=w["center"], code="B", name="窗口服务区", kind=ZoneKind.WINDOWS),
    ]
    w["other_zone"] = Zone.objects.create(
        center=w["other"], code="A", name="咨询导服区", kind=ZoneKind.GUIDANCE
    )
    return w


def image(fmt: str = "PNG", size=(64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, fmt)
    return out.getvalue()


def photo(name: str = "photo.png", fmt: str = "PNG") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image(fmt), content_type=f"image/{fmt.lower()}")


def fake_photo() -> SimpleUploadedFile:
    """Named and typed as a PNG, but a script inside."""
    return SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")


def truncated_png() -> SimpleUploadedFile:
    """The PNG magic bytes and nothing behind them: the type passes, Pillow does not."""
    return SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)

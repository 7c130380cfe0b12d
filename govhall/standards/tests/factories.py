"""A small world for the standards tests: a district, a centre, its admin, a clerk,
another centre, and the district's supervisor."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.core.models import CenterLevel, Role
from govhall.core.tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n" + b"0" * 64


def world(level=CenterLevel.TOWN) -> dict:
    d = f.district()
    c = f.center(d, level=level)
    other = f.center(d)
    return {
        "district": d,
        "center": c,
        "other": other,
        "admin": f.staff(Role.CENTER_ADMIN, center_=c),
        "clerk": f.staff(Role.CLERK, center_=c),
        "other_admin": f.staff(Role.CENTER_ADMIN, center_=other),
        "supervisor": f.staff(Role.SUPERVISOR, district_=d),
    }


def png(name="photo.png", body=PNG):
    return SimpleUploadedFile(name, body, content_type="image/png")


def pdf(name="doc.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")

"""Evidence uploads (photos and PDFs) shared by the standards features: the type is
read from the file's first bytes, never trusted from its name or the browser."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext_lazy as _

from govhall.core.errors import ValidationFailed

MAX_BYTES = 8 * 1024 * 1024
# magic bytes -> (extension, content type)
_MAGIC = (
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"%PDF-", "pdf", "application/pdf"),
)
CONTENT_TYPES = {ext: ctype for _m, ext, ctype in _MAGIC}


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, ext, ctype in _MAGIC:
        if head.startswith(magic):
            return ext, ctype
    return None


def check_upload(upload, *, field: str = "file", kinds=("jpg", "png", "pdf"), max_bytes=MAX_BYTES):
    """(extension, content type) of an acceptable upload, else ValidationFailed."""
    if upload is None:
        raise ValidationFailed(_("请选择文件"), fields={field: _("必填")})
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationFailed(_("文件为空"), code="file_empty", fields={field: _("文件为空")})
    if size > max_bytes:
        raise ValidationFailed(
            _("文件过大"),
            code="file_too_large",
            fields={field: _("不超过%(mb)dMB") % {"mb": max_bytes // (1024 * 1024)}},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None or found[0] not in kinds:
        raise ValidationFailed(
            _("文件类型不支持"),
            code="file_type",
            fields={field: _("只接受JPG、PNG照片或PDF文件")},
        )
    return found


def evidence_path(folder: str, center_id: int, ext: str) -> str:
    # A random name: the stored file says nothing of its content.
    return f"standards/{folder}/{center_id}/{uuid.uuid4().hex}.{ext}"

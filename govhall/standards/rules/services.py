"""rules: uploading a rule document of 表18 (001 6.3) with its version and date."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center

from ..uploads import check_upload, evidence_path
from . import selectors
from .models import RuleDocument

_VERSION = re.compile(r"^[\w.\-（）()〔〕\[\]第版号年 ]{1,20}$")


@transaction.atomic
def rule_upload(
    *,
    actor: Actor,
    center: Center,
    key: str,
    version: str,
    issued_on: dt.date | None,
    file,
    note: str = "",
) -> RuleDocument:
    actor.require(center, "standards.manage")
    errors = {}
    if key not in selectors.rule_keys():
        errors["key"] = _("无效的制度")
    version = (version or "").strip()
    if not _VERSION.match(version):
        errors["version"] = _("必填，不超过20字")
    today = timezone.localdate()
    if not isinstance(issued_on, dt.date):
        errors["issued_on"] = _("请填写印发日期")
    elif issued_on > today or issued_on.year < 1990:
        errors["issued_on"] = _("印发日期不能晚于今天")
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = _("不超过200字")
    if errors:
        raise ValidationFailed(_("制度文件信息有误"), code="invalid_rule", fields=errors)
    ext, ctype = check_upload(file, field="file", kinds=("pdf",))
    if RuleDocument.objects.filter(center=center, key=key, version=version).exists():
        raise Conflict(
            _("该制度已有此版本"), code="rule_version_taken", fields={"version": _("已存在")}
        )
    doc = RuleDocument(
        center=center,
        key=key,
        version=version,
        issued_on=issued_on,
        content_type=ctype,
        size=file.size,
        note=note,
        uploaded_at=timezone.now(),
        uploaded_by=actor.user,
    )
    doc.file.save(evidence_path("rules", center.pk, ext), file, save=False)
    doc.save()
    payload = {"rule": key, "version": version, "issued_on": issued_on.isoformat()}
    emit("standards.rule_uploaded", center=center, aggregate=doc, payload=payload)
    audit("standards.rule_uploaded", actor=actor, center=center, obj=doc, detail=payload)
    return doc

"""emergency: every change of state, keyword-only, in a transaction, raising DomainError.

A plan is saved whole (steps, contacts, version, review date): saving again is
a revision and must carry a new version. The contacts' phones are encrypted;
reading them unmasked is for those who act in an emergency (the centre admin,
the duty manager: standards.manage or duty.answer) and is audited. A drill is
recorded with its findings, each a rectification task (source "drill")."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, User

from ..tasks.models import TaskSource
from ..tasks.services import task_open
from ..upkeep.schedule import add_months
from ..upkeep.services import _date, _staff, _text
from .models import Drill, DrillFinding, EmergencyPlan, PlanContact, PlanKind

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{3,5})$")
MAX_CONTACTS = 12
MAX_FINDINGS = 20
# Those who run the floor in an emergency: the centre admin and the duty manager
# (who answers the windows' calls); the district inspector reads them masked.
REVEALERS = ("standards.manage", "duty.answer")


def _contacts(rows: list[dict], kept: dict[str, str]) -> list[dict]:
    """The contacts checked; a blank phone keeps the one on file for that name
    (a revision need not retype numbers its author may not even see)."""
    if not rows:
        raise ValidationFailed(_("请至少填写一名联系人"), fields={"contacts": _("必填")})
    if len(rows) > MAX_CONTACTS:
        raise ValidationFailed(_("联系人过多"), fields={"contacts": _("不超过12人")})
    out = []
    for n, row in enumerate(rows):
        field = f"contacts.{n}"
        duty = _text(row.get("duty"), f"{field}.duty", 40, required=True)
        name = _text(row.get("name"), f"{field}.name", 40, required=True)
        phone = re.sub(r"\s", "", str(row.get("phone") or "")) or kept.get(name, "")
        if not PHONE.match(phone):
            raise ValidationFailed(
                _("联系电话格式不正确"),
                code="bad_phone",
                fields={f"{field}.phone": _("无效的电话")},
            )
        out.append({"duty": duty, "name": name, "phone": phone, "order": n})
    return out


@transaction.atomic
def plan_save(
    *,
    actor: Actor,
    center: Center,
    kind: str,
    title: str,
    steps: str,
    version: str,
    reviewed_on: dt.date,
    contacts: list[dict],
    now: dt.datetime | None = None,
) -> EmergencyPlan:
    actor.require(center, "standards.manage")
    now = now or timezone.now()
    if kind not in PlanKind.values:
        raise ValidationFailed(_("预案类别无效"), fields={"kind": _("无效的类别")})
    title = _text(title, "title", 100, required=True)
    steps = _text(steps, "steps", 4000, required=True)
    if len([s for s in steps.splitlines() if s.strip()]) < 2:
        raise ValidationFailed(_("处置步骤至少两步"), fields={"steps": _("每行一步，至少两步")})
    version = _text(version, "version", 20, required=True)
    reviewed_on = _date(reviewed_on, "reviewed_on")
    if reviewed_on > timezone.localdate(now):
        raise ValidationFailed(
            _("审定日期不能晚于今天"), fields={"reviewed_on": _("不能是将来的日期")}
        )
    plan = EmergencyPlan.objects.select_for_update().filter(center=center, kind=kind).first()
    kept = {c.name: c.phone for c in plan.contacts.all()} if plan else {}
    rows = _contacts(contacts, kept)
    created = plan is None
    if not created and plan.version == version:
        raise ValidationFailed(
            _("修订预案须更新版本号"), code="same_version", fields={"version": _("与现行版本相同")}
        )
    if created:
        plan = EmergencyPlan(center=center, kind=kind)
    plan.title, plan.steps, plan.version, plan.reviewed_on = title, steps, version, reviewed_on
    plan.next_review = add_months(
        reviewed_on, center_setting(center, "standards.plan_review_months")
    )
    plan.updated_by, plan.updated_at = actor.user, now
    plan.save()
    plan.contacts.all().delete()
    PlanContact.objects.bulk_create(PlanContact(plan=plan, **row) for row in rows)
    payload = {"plan": plan.pk, "kind": kind, "version": version}
    emit("emergency_plan.saved", center=center, aggregate=plan, payload=payload)
    audit("emergency_plan.saved", actor=actor, center=center, obj=plan, detail=payload)
    return plan


@transaction.atomic
def plan_contacts_reveal(*, actor: Actor, plan: EmergencyPlan) -> list[PlanContact]:
    """The contacts with their full phones, written to the audit log."""
    actor.require(plan.center, *REVEALERS)
    contacts = list(plan.contacts.all())
    audit(
        "emergency_plan.contacts_revealed",
        actor=actor,
        center=plan.center,
        obj=plan,
        detail={"contacts": len(contacts)},
    )
    return contacts


@transaction.atomic
def drill_record(
    *,
    actor: Actor,
    plan: EmergencyPlan,
    held_on: dt.date,
    participants: int,
    duration_minutes: int,
    scenario: str,
    findings: list[str],
    owner: User | None = None,
    due: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Drill:
    center = plan.center
    actor.require(center, "standards.manage")
    now = now or timezone.now()
    held_on = _date(held_on, "held_on")
    if held_on > timezone.localdate(now):
        raise ValidationFailed(_("演练日期不能晚于今天"), fields={"held_on": _("不能是将来的日期")})
    if not isinstance(participants, int) or not 1 <= participants <= 2000:
        raise ValidationFailed(_("参演人数无效"), fields={"participants": _("1-2000")})
    if not isinstance(duration_minutes, int) or not 1 <= duration_minutes <= 24 * 60:
        raise ValidationFailed(_("演练用时无效"), fields={"duration_minutes": _("1-1440分钟")})
    scenario = _text(scenario, "scenario", 300, required=True)
    lines = [_text(f, "findings", 200, required=True) for f in findings if (f or "").strip()]
    if len(lines) > MAX_FINDINGS:
        raise ValidationFailed(_("发现问题过多"), fields={"findings": _("不超过20条")})
    owner = _staff(center, owner, "owner")
    if lines and due is None:
        due = timezone.localdate(now) + dt.timedelta(
            days=center_setting(center, "standards.finding_fix_days")
        )
    if due is not None and (_date(due, "due") < held_on):
        raise ValidationFailed(_("整改期限早于演练日期"), fields={"due": _("早于演练日期")})
    drill = Drill.objects.create(
        center=center,
        plan=plan,
        held_on=held_on,
        participants=participants,
        duration_minutes=duration_minutes,
        scenario=scenario,
        recorded_by=actor.user,
        recorded_at=now,
    )
    for n, text in enumerate(lines, 1):
        task = task_open(
            actor=actor,
            center=center,
            source=TaskSource.DRILL,
            ref=f"001 6.4.4.4 drill/{drill.pk}/{n}",
            title=gettext("演练发现（%(plan)s）：%(text)s") % {"plan": plan.title, "text": text},
            owner=owner,
            due=due,
            now=now,
        )
        DrillFinding.objects.create(drill=drill, text=text, task=task)
    payload = {"drill": drill.pk, "plan": plan.pk, "findings": len(lines)}
    emit("drill.recorded", center=center, aggregate=drill, payload=payload)
    audit("drill.recorded", actor=actor, center=center, obj=drill, detail=payload)
    return drill

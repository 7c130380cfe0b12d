"""Demo online applications (不见面审批) at a centre, one in each state the
pre-check knows: waiting, asked for a supplement, accepted, and one nobody
answered within the days of art. 32, deemed accepted from receipt. Safe to run
twice (a centre that has online applications is left alone)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from govhall.core import pdf
from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit
from govhall.core.models import Center, User
from govhall.core.workdays import WorkingCalendar

from . import online_selectors, services
from .models import Case, Source

# (applicant, birth, phone, item preference, what happens, working days ago)
_APPLICATIONS = [
    ("赵桂英", "19520318", "13900110001", "MZJ-0008", "waiting", 1),
    ("钱伟", "19860705", "13900110002", "BDC-0007", "supplement", 3),
    ("孙丽华", "19790214", "13900110003", "GJJ-0003", "accepted", 4),
    ("周建民", "19490930", "13900110004", "MZJ-0008", "deemed", 8),
]


def _scan(title: str) -> bytes:
    """A phone photo of a paper material, as the demo's stand-in."""
    img = Image.new("RGB", (900, 600), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, 860, 560), outline=(90, 90, 90), width=4)
    draw.text((80, 90), f"DEMO SCAN  {title[:2]}", fill=(40, 40, 40))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _pdf(title: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(pdf.FONT, 16)
    c.drawString(72, 760, f"{title}（演示材料）")
    c.setFont(pdf.FONT, 11)
    c.drawString(72, 730, "本文件为演示数据，由系统生成。")
    c.showPage()
    c.save()
    return buf.getvalue()


def _files(item) -> dict[int, list]:
    out = {}
    for i, m in enumerate(item.published_version.materials.all()):
        if not m.required:
            continue
        if i == 0:
            out[m.pk] = [SimpleUploadedFile("scan.jpg", _scan(m.name), "image/jpeg")]
        else:
            out[m.pk] = [SimpleUploadedFile("material.pdf", _pdf(m.name), "application/pdf")]
    return out


def _working_days_ago(days: int, hour: int) -> dt.datetime:
    cal, day = WorkingCalendar(), timezone.localdate()
    while days:
        day -= dt.timedelta(days=1)
        days -= cal.is_working_day(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 20)))


def load(centers: dict[str, Center]) -> None:
    center = centers.get("SC-QZX")
    if center is None or Case.objects.filter(center=center, source=Source.ONLINE).exists():
        return
    items = {i.code: i for i in online_selectors.online_items(center)}
    if not items:
        return
    clerk = actor_for_user(User.objects.get(username="qzx_clerk2"))
    for n, (name, birth, phone, code, fate, ago) in enumerate(_APPLICATIONS):
        item = items.get(code) or next(iter(items.values()))
        first17 = f"310117{birth}{n + 21:03d}"
        received = _working_days_ago(ago, 9 + n)
        case = services.online_apply(
            center=center,
            item_code=item.code,
            applicant={
                "kind": "person",
                "name": name,
                "id_number": first17 + check_digit(first17),
                "phone": phone,
            },
            files=_files(item),
            delivery={"method": "post", "address": "上海市松川区中山东路88弄3号502室"}
            if n % 2 == 0
            else {"method": "window"},
            now=received,
        )
        if fate == "waiting":
            continue
        if fate == "deemed":
            services.online_deem_accepted(case=case)
            continue
        # The clerk's pre-check on the next working day.
        next_day = WorkingCalendar().add_working_days(timezone.localdate(received), 1)
        checked = timezone.make_aware(dt.datetime.combine(next_day, dt.time(10, 40)))
        lines = online_selectors.lines_to_check(case)
        checklist = [
            {"material": line.material_id, "status": "provided", "note": ""} for line in lines
        ]
        if fate == "supplement":
            checklist[-1] = {
                "material": lines[-1].material_id,
                "status": "wrong",
                "note": "扫描件不完整，缺少第2页，请重新上传完整材料",
            }
        services.online_precheck(actor=clerk, case=case, materials=checklist, now=checked)

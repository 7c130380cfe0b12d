"""Demo archives at SC-QZX: 即办件 of earlier years (2015, 2019-2024), the 2015
and 2019-2023 ones handed to the archive office in two batches, this year's
2024 ones due for transfer, and the expired 2015 D10 archive waiting for a
second person's approval of its destruction. Safe to run twice."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from govhall.catalog.models import ServiceItem
from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit
from govhall.core.models import User

from .models import ArchiveFile

TZ = ZoneInfo("Asia/Shanghai")
# (filing day, applicant, birth date)
_OLD = [
    (dt.date(2015, 6, 9), "周志明", "19620411"),
    (dt.date(2019, 4, 16), "吴桂英", "19580907"),
    (dt.date(2020, 9, 8), "郑海涛", "19810126"),
    (dt.date(2021, 3, 23), "冯晓燕", "19930518"),
    (dt.date(2022, 11, 15), "何立新", "19700302"),
    (dt.date(2023, 5, 30), "罗美玲", "19860714"),
    (dt.date(2024, 4, 9), "谢文斌", "19770929"),
    (dt.date(2024, 10, 22), "韩雪", "19950203"),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 20, tzinfo=TZ)


@transaction.atomic
def load(center, *, clerk=None, admin=None) -> None:
    from govhall.cases import services as cases

    from . import services

    if ArchiveFile.objects.filter(center=center, year__lt=2025).exists():
        return
    clerk = clerk or actor_for_user(User.objects.get(username="qzx_clerk1"))
    admin = admin or actor_for_user(User.objects.get(username="qzx_admin"))
    items = list(
        ServiceItem.objects.filter(
            stationings__center=center,
            stationings__active=True,
            published_version__approval_mode="instant",
        ).order_by("code")
    )
    files = []
    for n, (day, name, birth) in enumerate(_OLD):
        item = items[n % len(items)]
        first17 = f"310117{birth}{n + 401:03d}"
        case = cases.case_intake(
            actor=clerk,
            center=center,
            item_code=item.code,
            applicant={
                "kind": "person",
                "name": name,
                "id_number": first17 + check_digit(first17),
                "phone": f"1391234{n + 1:04d}",
            },
            materials=[
                {"material": m.pk, "status": "provided", "note": ""}
                for m in item.published_version.materials.all()
            ],
            now=_at(day),
        )
        files.append(ArchiveFile.objects.get(archive__case=case))
    by_year = {f.year: f for f in files}
    services.archive_transfer(
        actor=admin,
        center=center,
        numbers=[by_year[2015].number],
        received_by="区档案馆 钱慧",
        received_on=dt.date(2017, 3, 14),
        now=_at(dt.date(2017, 3, 14), 15),
    )
    services.archive_transfer(
        actor=admin,
        center=center,
        numbers=[f.number for f in files if 2019 <= f.year <= 2023],
        received_by="区档案馆 钱慧",
        received_on=dt.date(2025, 3, 11),
        now=_at(dt.date(2025, 3, 11), 15),
    )
    services.archive_destruction_request(
        actor=admin,
        center=center,
        numbers=[by_year[2015].number],
        note="即办件档案，保管期限10年已于2025年底届满，经鉴定无继续保存价值，拟销毁。",
    )

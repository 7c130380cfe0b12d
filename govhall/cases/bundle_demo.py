"""一件事 demo data (called by govhall.demo.loader; safe to run twice): the
出生医学证明 item the 新生儿出生一件事 needs, published through the real catalog
workflow; two bundles at 松川区政务服务中心 (SC-QZX); and one 新生儿出生一件事
taken in this morning, its 出生医学证明 still with the 区卫健委."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.catalog import services as catalog
from govhall.catalog.models import ServiceItem
from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit
from govhall.core.models import Department, User

from .models import Bundle, BundleApplication
from .services import bundle_intake, bundle_materials, bundle_save

BIRTH_CERTIFICATE = {
    "code": "WJW-0001",
    "department": "WJW",
    "domain": "other",
    "guide": {
        "name": "出生医学证明首次签发",
        "item_type": "confirmation",
        "approval_mode": "promise",
        "legal_basis": "《中华人民共和国母婴保健法》第二十三条；《出生医学证明管理办法》",
        "conditions": "在本区医疗机构出生的新生儿，由其父母或监护人申请首次签发《出生医学证明》。",
        "process": ["窗口受理", "区卫健委核验分娩记录", "签发", "统一窗口出件"],
        "statutory_days": 20,
        "committed_days": 5,
        "fee": "不收费",
        "consult_phone": "021-57771280",
        "complaint_phone": "12345",
    },
    "materials": [
        {"name": "申请人有效身份证件", "form": "original", "count": 1, "notes": "父母双方"},
        {"name": "居民户口簿", "form": "original", "count": 1, "notes": "核验户籍信息"},
        {
            "name": "《出生医学证明》首次签发登记表",
            "form": "original",
            "count": 1,
            "notes": "助产医疗机构出具",
        },
    ],
}

BUNDLES = [
    (
        "新生儿出生一件事",
        "出生医学证明、医保参保登记、社会保障卡申领，一表申请、一窗受理、一次领取",
        ["WJW-0001", "YBJ-0003", "RSJ-0005"],
    ),
    (
        "个体工商户开业一件事",
        "营业执照设立登记与发票领用一并办理",
        ["SCJ-0001", "SWJ-0001"],
    ),
]


def _birth_item(system, center) -> ServiceItem:
    item = ServiceItem.objects.filter(code=BIRTH_CERTIFICATE["code"]).first()
    if item is not None:
        return item
    item = catalog.item_create(
        actor=system,
        code=BIRTH_CERTIFICATE["code"],
        department=Department.objects.get(code=BIRTH_CERTIFICATE["department"]),
        domain=BIRTH_CERTIFICATE["domain"],
        guide=BIRTH_CERTIFICATE["guide"],
        materials=BIRTH_CERTIFICATE["materials"],
    )
    version = item.versions.get()
    catalog.version_submit(actor=system, version=version)
    catalog.version_review(actor=system, version=version, approve=True)
    catalog.version_publish(actor=system, version=version)
    catalog.stationing_set(actor=system, item=item, center=center)
    return item


def load(centers: dict) -> None:
    center = centers["SC-QZX"]
    admin = actor_for_user(User.objects.get(username="qzx_admin"))
    system = actor_for_user(User.objects.filter(is_superuser=True).order_by("pk").first())
    _birth_item(system, center)
    served = set(
        ServiceItem.objects.filter(
            stationings__center=center, stationings__active=True, published_version__isnull=False
        ).values_list("code", flat=True)
    )
    for name, description, codes in BUNDLES:
        if Bundle.objects.filter(center=center, name=name).exists():
            continue
        if not set(codes) <= served:
            continue  # an item the demo catalog lacks: leave the bundle out
        bundle_save(
            actor=admin, center=center, name=name, description=description, item_codes=codes
        )
    bundle = Bundle.objects.filter(center=center, name=BUNDLES[0][0]).first()
    if bundle is None or BundleApplication.objects.filter(bundle=bundle).exists():
        return
    clerk = actor_for_user(User.objects.get(username="qzx_clerk1"))
    first17 = "31011719900413" + "602"
    bundle_intake(
        actor=clerk,
        center=center,
        bundle=bundle,
        applicant={
            "kind": "person",
            "name": "周婷",
            "id_number": first17 + check_digit(first17),
            "phone": "13800139021",
        },
        materials=[{"material": m["name"], "status": "provided"} for m in bundle_materials(bundle)],
        now=timezone.now() - dt.timedelta(hours=1, minutes=40),
    )

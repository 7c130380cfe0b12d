"""The demo district: 松川区 with a district comprehensive centre and a town
centre, their departments, items (through the real review-and-publish
workflow), zones, windows of every type and staff of every role."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from govhall.booking import services as booking
from govhall.booking.models import SlotTemplate
from govhall.catalog import demo_workflow as catalog_workflow
from govhall.catalog import services as catalog
from govhall.catalog.demo_items import ALIASES, DEPARTMENTS, ITEMS
from govhall.catalog.models import ServiceItem
from govhall.core import services as core_services
from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit
from govhall.core.models import Center, CenterLevel, Department, District, Membership, Role, User
from govhall.hall.models import Post, Window, WindowPost, WindowState, WindowType, Zone, ZoneKind
from govhall.queueing import services as queue_services
from govhall.queueing.models import Queue, WindowQueue
from govhall.staff import demo as staff_demo

DEMO_PASSWORD = "govhall-demo-2026"

CENTERS = [
    {
        "code": "SC-QZX",
        "name": "松川区政务服务中心",
        "level": CenterLevel.DISTRICT_COMPREHENSIVE,
        "address": "松川区人民北路1号",
        "phone": "021-57770000",
        "opening_hours": {
            **{str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(5)},
            "5": [["09:00", "12:00"]],  # 周六上午延时服务
        },
        # People try the demo at night: the district centre's kiosk takes tickets
        # at any hour; the town centre keeps its real hours (closed at night, on
        # Sundays and holidays), so both behaviours can be seen.
        "settings": {"queue.issue_any_time": True},
    },
    {
        "code": "SC-YX",
        "name": "云溪镇社区事务受理服务中心",
        "level": CenterLevel.TOWN,
        "address": "松川区云溪镇云溪路88号",
        "phone": "021-57771111",
        "opening_hours": {str(d): [["08:30", "11:30"], ["13:00", "17:00"]] for d in range(5)},
    },
]

ZONES = [
    ("A", "咨询导服区", ZoneKind.GUIDANCE),
    ("B", "窗口服务区", ZoneKind.WINDOWS),
    ("C", "等候区", ZoneKind.WAITING),
    ("D", "自助服务区", ZoneKind.SELF_SERVICE),
    ("E", "帮办代办区", ZoneKind.ASSISTED),
]

# (number, name, type, domain): 001 table 5 and table 6, by level.
WINDOWS = {
    "SC-QZX": [
        *[(n, f"无差别综合窗口{n}", WindowType.COMPREHENSIVE, "") for n in range(1, 7)],
        (7, "社保医保综合窗口", WindowType.DOMAIN, "social_security"),
        (8, "不动产登记综合窗口", WindowType.DOMAIN, "real_estate"),
        (9, "企业服务综合窗口", WindowType.DOMAIN, "market_regulation"),
        (10, "出入境综合窗口", WindowType.DOMAIN, "exit_entry"),
        (11, "税务综合窗口", WindowType.DOMAIN, "tax"),
        (12, "统一出件窗口", WindowType.OUTPUT, ""),
        (13, "“长三角”跨省通办专窗", WindowType.CROSS_PROVINCE, ""),
        (14, "“一件事”专窗", WindowType.ONE_THING, ""),
        (15, "“一业一证”专窗", WindowType.ONE_INDUSTRY, ""),
        (16, "“即办”专窗", WindowType.INSTANT, ""),
        (17, "为老助残服务专窗", WindowType.ASSIST, ""),
        (18, "政务智能窗口", WindowType.SMART, ""),
    ],
    "SC-YX": [
        *[(n, f"无差别综合窗口{n}", WindowType.COMPREHENSIVE, "") for n in range(1, 4)],
        (4, "统一出件窗口", WindowType.OUTPUT, ""),
        (5, "“长三角”跨省通办专窗", WindowType.CROSS_PROVINCE, ""),
        (6, "“即办”专窗", WindowType.INSTANT, ""),
        (7, "为老助残服务专窗", WindowType.ASSIST, ""),
    ],
}

# Queues per centre: (code, name, prefix, domains served).
QUEUES = {
    "SC-QZX": [
        ("SHBZ", "社保医保", "A", ["social_security", "medical_insurance"]),
        ("MZSW", "民政事务", "B", ["civil_affairs"]),
        ("BDCDJ", "不动产登记", "C", ["real_estate"]),
        ("QYFW", "企业服务与税务", "D", ["market_regulation", "tax"]),
        ("GJJ", "住房公积金", "E", ["housing_fund"]),
        ("CRJ", "出入境", "F", ["exit_entry"]),
    ],
    "SC-YX": [
        (
            "ZH",
            "综合受理",
            "A",
            [
                "civil_affairs",
                "real_estate",
                "market_regulation",
                "housing_fund",
                "exit_entry",
                "tax",
            ],
        ),
        ("SHBZ", "社保医保", "B", ["social_security", "medical_insurance"]),
    ],
}

# Apps whose demo data comes after the day's traffic, cases and ratings.
DEMO_APPS = ("assist", "convenience", "knowledge", "standards", "planning", "reports")

# username, full name, role, centre code (None: the district), department code
STAFF = [
    ("qzx_admin", "王建华", Role.CENTER_ADMIN, "SC-QZX", None),
    ("qzx_reception", "李晓梅", Role.RECEPTION, "SC-QZX", None),
    ("qzx_clerk1", "张伟", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk2", "陈静", Role.CLERK, "SC-QZX", None),
    ("qzx_assistant", "刘洋", Role.ASSISTANT, "SC-QZX", None),
    ("qzx_courier", "赵强", Role.COURIER, "SC-QZX", None),
    ("qzx_print", "黄丽", Role.PRINT_ROOM, "SC-QZX", None),
    ("qzx_hotline", "许娜", Role.HOTLINE, "SC-QZX", None),
    ("yx_admin", "孙丽", Role.CENTER_ADMIN, "SC-YX", None),
    ("yx_reception", "周敏", Role.RECEPTION, "SC-YX", None),
    ("yx_clerk1", "吴磊", Role.CLERK, "SC-YX", None),
    ("district_supervisor", "郑国平", Role.SUPERVISOR, None, None),
    *[
        (
            f"review_{d['code'].lower()}",
            f"{d['short_name']}审批员",
            Role.REVIEWER,
            "SC-QZX",
            d["code"],
        )
        for d in DEPARTMENTS
    ],
    # 值班长: answers the windows' calls (the duty rota comes with the staff app).
    ("qzx_duty", "何勇", Role.DUTY_MANAGER, "SC-QZX", None),
    # 首席代表 of the 区人社局 at the centre: approves the leave of its staff there.
    ("lead_rsj", "马志刚", Role.DEPT_LEAD, "SC-QZX", "RSJ"),
    # The rest of the district centre's window staff (appended: the staff numbers
    # above stay as they were). Comprehensive-window clerks of the centre:
    ("qzx_clerk3", "黄丽娟", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk4", "林志强", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk5", "徐慧", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk6", "朱海峰", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk7", "胡晓燕", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk8", "郭磊", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk9", "高雅琴", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk10", "罗文斌", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk11", "梁婷", Role.CLERK, "SC-QZX", None),
    ("qzx_clerk12", "宋佳怡", Role.CLERK, "SC-QZX", None),
    # Window staff dispatched by departments to their domain windows 7-11; their
    # home department is on their profile (staff.profiles.demo), not on the role.
    ("qzx_rsj", "袁立新", Role.CLERK, "SC-QZX", None),
    ("qzx_bdc", "韩冬梅", Role.CLERK, "SC-QZX", None),
    ("qzx_scj", "唐俊", Role.CLERK, "SC-QZX", None),
    ("qzx_crj", "冯晓东", Role.CLERK, "SC-QZX", None),
    ("qzx_swj", "邓雪", Role.CLERK, "SC-QZX", None),
]
# Where the duty-manager call's SMS goes in the demo (fictitious numbers).
MOBILES = {"qzx_admin": "13800000001", "qzx_duty": "13800000002"}


def _admin_group() -> Group:
    """What a centre admin may do in the admin site; scoping narrows the rows."""
    group, _ = Group.objects.get_or_create(name="中心管理员")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["catalog", "hall"]).exclude(
            codename__startswith="delete_"
        )
        | Permission.objects.filter(
            content_type__app_label="core",
            codename__in=[
                "view_auditlog",
                "view_event",
                "view_holiday",
                "change_holiday",
                "add_holiday",
                "view_apitoken",
                "add_apitoken",
                "view_center",
                "view_announcement",
                "add_announcement",
                "change_announcement",
                "delete_announcement",
            ],
        )
        | Permission.objects.filter(content_type__app_label="queueing", codename__endswith="quota")
    )
    return group


@transaction.atomic
def load_demo() -> dict:
    district, _ = District.objects.get_or_create(code="SC", defaults={"name": "松川区"})
    centers = {}
    for spec in CENTERS:
        centers[spec["code"]], _ = Center.objects.update_or_create(
            code=spec["code"], defaults={**spec, "district": district}
        )
    departments = {}
    for spec in DEPARTMENTS:
        departments[spec["code"]], _ = Department.objects.update_or_create(
            code=spec["code"], defaults={**spec, "district": district}
        )
    for code, center in centers.items():
        zones = {}
        for zcode, name, kind in ZONES:
            zones[kind], _ = Zone.objects.get_or_create(
                center=center, code=zcode, defaults={"name": name, "kind": kind, "floor": "1F"}
            )
        for number, name, wtype, domain in WINDOWS[code]:
            Window.objects.get_or_create(
                center=center,
                number=number,
                defaults={
                    "code": f"{code.split('-')[-1]}-W{number:02d}",
                    "name": name,
                    "type": wtype,
                    "domain": domain,
                    "zone": zones[ZoneKind.WINDOWS],
                },
            )

    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "last_name": "系统管理员"},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    group = _admin_group()
    for index, (username, full_name, role, center_code, dept_code) in enumerate(STAFF, 1):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": full_name,
                "staff_number": f"SC{index:04d}",
                "mobile": MOBILES.get(username, ""),
                "is_staff": role in (Role.CENTER_ADMIN, Role.SUPERVISOR),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if user.is_staff:
            user.groups.add(group)
        Membership.objects.get_or_create(
            user=user,
            role=role,
            center=centers[center_code] if center_code else None,
            district=None if center_code else district,
            department=departments[dept_code] if dept_code else None,
        )

    system = actor_for_user(admin)
    created_items = load_items(system, departments, centers)
    catalog_workflow.load()  # guide changes waiting at the centre and returned to a department
    _load_queues(centers)
    _assign_posts(centers)
    staff_demo.load(centers)
    _load_slots(centers)
    _announce(system, centers["SC-QZX"])
    traffic = _day_of_traffic(centers["SC-QZX"]) if created_items else 0
    catalog.catalog_count_taken()
    if created_items:
        _cases(centers["SC-QZX"])
        _fee_cases(centers["SC-QZX"])
        _ratings(centers["SC-QZX"])
        _complaints(centers["SC-QZX"])
        import_module("govhall.cases.archives.demo").load(centers["SC-QZX"])
    # 不见面审批: online applications in each state of the pre-check (safe twice).
    import_module("govhall.cases.online_demo").load(centers)
    # The apps of floors 5 and 6, each with its own demo (safe to run twice).
    for app in DEMO_APPS:
        import_module(f"govhall.{app}.demo").load(centers)
    import_module("govhall.cases.bundle_demo").load(centers)  # 一件事 (cases has no demo.py)
    return {"centers": len(centers), "items_created": created_items, "tickets": traffic}


def load_items(system, departments: dict, centers: dict) -> int:
    """The 60 demo items through the real workflow, stationed, with the words
    people say for them. Items already there are left as they are, except that
    an item without aliases gets the demo ones."""
    created_items = 0
    for spec in ITEMS:
        if ServiceItem.objects.filter(code=spec["code"]).exists():
            continue
        guide = {k: spec[k] for k in catalog.GUIDE_FIELDS if k in spec}
        guide["parallel_departments"] = spec.get("parallel_departments", [])
        item = catalog.item_create(
            actor=system,
            code=spec["code"],
            department=departments[spec["department"]],
            domain=spec["domain"],
            guide=guide,
            materials=spec["materials"],
        )
        version = item.versions.get()
        catalog.version_submit(actor=system, version=version)
        catalog.version_review(actor=system, version=version, approve=True)
        catalog.version_publish(actor=system, version=version)
        for center_code in spec["centers"]:
            catalog.stationing_set(actor=system, item=item, center=centers[center_code])
        created_items += 1
    for item in ServiceItem.objects.filter(code__in=ALIASES, aliases=""):
        catalog.item_set_aliases(actor=system, item=item, aliases=ALIASES[item.code])
    return created_items


def _day_of_traffic(center: Center) -> int:
    """A morning in the hall so every screen has something to show: tickets over
    the last three hours, most served, some waiting, a priority or two."""
    reception = actor_for_user(User.objects.get(username="qzx_reception"))
    clerk = actor_for_user(User.objects.get(username="qzx_clerk1"))
    items = [q.items.filter(published_version__isnull=False).first() for q in center.queues.all()]
    items = [i for i in items if i is not None]
    start = timezone.now() - dt.timedelta(hours=3)
    # Two people of 60 and over (born 1950 and 1958), valid check digits.
    elders = ["310104195003121" + "24", "31010419580716" + "213"]
    elders = [e[:17] + check_digit(e[:17]) for e in elders]
    windows = list(center.windows.filter(state=WindowState.OPEN).order_by("number")[:4])
    # The morning as it happened, in time order: a ticket every 5 minutes, a
    # call every 6. A call reaches only tickets already taken (a wait is never
    # negative) and a window's next call comes after its last person left.
    steps = [(start + dt.timedelta(minutes=5 * n), 0, n) for n in range(36)]
    steps += [(start + dt.timedelta(minutes=6 * n + 4), 1, n) for n in range(24)]
    tickets = []
    for at, is_call, n in sorted(steps):
        if not is_call:
            tickets.append(
                queue_services.ticket_issue(
                    actor=reception,
                    center=center,
                    item_code=items[n % len(items)].code,
                    id_number=elders[n % 2] if n % 11 == 3 else None,
                    now=at,
                )
            )
            continue
        ticket = queue_services.ticket_call_next(
            actor=clerk, window=windows[n % len(windows)], now=at
        )
        if ticket is None:
            continue
        if n % 9 == 5:
            queue_services.ticket_no_show(
                actor=clerk, ticket=ticket, now=at + dt.timedelta(minutes=3)
            )
            continue
        queue_services.ticket_start(actor=clerk, ticket=ticket, now=at + dt.timedelta(minutes=1))
        queue_services.ticket_finish(
            actor=clerk, ticket=ticket, now=at + dt.timedelta(minutes=4 + n % 5)
        )
    return len(tickets)


# The morning's intake at the comprehensive windows: one case of each path, so
# the work lists, clocks, notices and the progress page have something to show.
_CASES = [
    # (approval mode, applicant, missing material?, 告知承诺?)
    ("promise", ("陈建国", "19680315"), False, False),
    ("promise", ("刘芳", "19900822"), True, False),
    ("instant", ("张伟", "19751109"), False, False),
    ("parallel", ("王秀兰", "19550104"), False, False),
    ("notify_commit", ("李娜", "19880630"), True, True),
]


def _cases(center: Center) -> None:
    from govhall.cases import services as cases

    clerk = actor_for_user(User.objects.get(username="qzx_clerk1"))
    stationed = ServiceItem.objects.filter(
        stationings__center=center, stationings__active=True, published_version__isnull=False
    ).select_related("published_version")
    start = timezone.now() - dt.timedelta(hours=2, minutes=30)
    for n, (mode, (name, birth), missing, commitment) in enumerate(_CASES):
        item = next(i for i in stationed if i.published_version.approval_mode == mode)
        materials = list(item.published_version.materials.all())
        short = max(i for i, m in enumerate(materials) if m.required) if missing else -1
        first17 = f"310117{birth}{n + 1:03d}"
        cases.case_intake(
            actor=clerk,
            center=center,
            item_code=item.code,
            applicant={
                "kind": "person",
                "name": name,
                "id_number": first17 + check_digit(first17),
                "phone": f"1380013{n + 1:04d}",
            },
            materials=[
                {
                    "material": m.pk,
                    "status": "missing" if i == short else "provided",
                    "note": "未带原件" if i == short else "",
                }
                for i, m in enumerate(materials)
            ],
            commitment=commitment,
            now=start + dt.timedelta(minutes=25 * n),
        )


def _fee_cases(center: Center) -> None:
    """Two decided cases of an item with a fee: one paid at the bank window with
    its 收款单, one whose 收款单 is out and the fee still to pay."""
    from govhall.cases import services as cases

    clerk = actor_for_user(User.objects.get(username="qzx_clerk1"))
    stationed = ServiceItem.objects.filter(
        stationings__center=center,
        stationings__active=True,
        published_version__approval_mode="promise",
    ).select_related("published_version", "department")
    item = next((i for i in stationed.order_by("code") if i.published_version.fee_amounts), None)
    if item is None:
        return
    reviewer = actor_for_user(User.objects.get(username=f"review_{item.department.code.lower()}"))
    amount = item.published_version.fee_amounts[0]["amount"]
    start = timezone.now() - dt.timedelta(hours=2)
    for n, (name, birth) in enumerate((("周海燕", "19790421"), ("郭志强", "19830917"))):
        first17 = f"310117{birth}{n + 7:03d}"
        case = cases.case_intake(
            actor=clerk,
            center=center,
            item_code=item.code,
            applicant={
                "kind": "person",
                "name": name,
                "id_number": first17 + check_digit(first17),
                "phone": f"1390021{n + 1:04d}",
            },
            materials=[
                {"material": m.pk, "status": "provided"}
                for m in item.published_version.materials.all()
            ],
            now=start + dt.timedelta(minutes=20 * n),
        )
        at = start + dt.timedelta(minutes=20 * n + 40)
        cases.case_decide(
            actor=reviewer, case=case, decision="approve", opinion="材料齐全，符合登记条件", now=at
        )
        cases.case_fee_assess(
            actor=clerk, case=case, amount=amount, now=at + dt.timedelta(minutes=5)
        )
        if n == 0:
            cases.case_payment_record(
                actor=clerk,
                case=case,
                amount=amount,
                method="bank_slip",
                now=at + dt.timedelta(minutes=15),
            )


# What the morning's citizens said: mostly content, one lukewarm, two bad ones
# (one left a phone number, so it is real-name and must be answered).
_RATINGS = [
    (5, [], "办事很快，工作人员很耐心"),
    (5, [], ""),
    (4, [], ""),
    (5, [], "一次就办好了"),
    (3, [], "等候时间稍长"),
    (2, ["slow"], "等了四十分钟才叫到号"),
    (1, ["attitude", "not_told"], "材料没有一次性讲清楚，白跑一趟"),
    (4, [], ""),
]


def _ratings(center: Center) -> None:
    from govhall.core.actors import ANONYMOUS
    from govhall.feedback.models import Evaluation, Finding
    from govhall.feedback.services import evaluations as feedback

    admin = actor_for_user(User.objects.get(username="qzx_admin"))
    evaluations = Evaluation.objects.filter(center=center).order_by("served_at")
    for evaluation, (level, reasons, comment) in zip(evaluations, _RATINGS, strict=False):
        feedback.evaluation_rate(
            actor=ANONYMOUS,
            token=evaluation.token,
            level=level,
            reasons=reasons,
            comment=comment,
            contact_phone="13800138000" if level == 1 else "",
            now=evaluation.served_at + dt.timedelta(minutes=2),
        )
        if level == 1:
            record = Evaluation.objects.get(pk=evaluation.pk).rectification
            feedback.rectification_contact(
                actor=admin, rectification=record, note="已电话联系评价人，了解所缺材料情况"
            )
            feedback.rectification_classify(
                actor=admin,
                rectification=record,
                finding=Finding.OBJECTIVE,
                note="窗口未出具一次性告知单，属实",
            )


def _complaints(center: Center) -> None:
    """Two complaints on the 投诉 work list: one phoned in through 12345 and being
    assigned, one filed online this morning and not yet assigned."""
    from govhall.core.actors import ANONYMOUS
    from govhall.feedback.services import complaints as complaints_services

    admin = actor_for_user(User.objects.get(username="qzx_admin"))
    hotline = complaints_services.complaint_receive(
        actor=admin,
        center=center,
        channel="hotline",
        hotline_ref="SC2026112300123",
        content="来电反映在 2 号窗口办理医保关系转移时被要求重复提交已交过的材料。",
        complainant_name="王先生",
        complainant_phone="13800138001",
        staff_number=User.objects.get(username="qzx_clerk2").staff_number,
        window=center.windows.filter(number=2).first(),
        now=timezone.now() - dt.timedelta(hours=2),
    )
    complaints_services.complaint_assign(actor=admin, complaint=hotline, assignee=admin.user)
    complaints_services.complaint_receive(
        actor=ANONYMOUS,
        center=center,
        channel="online",
        content="自助取号机的屏幕反光，老人看不清，希望调整位置或加遮挡。",
        complainant_phone="13800138002",
    )


def _load_queues(centers: dict[str, Center]) -> None:
    """Queues by domain, and each window's calling profile: a domain window calls
    its own domain's queue first, every other window calls all queues in order."""
    for code, center in centers.items():
        queues = []
        for position, (qcode, name, prefix, domains) in enumerate(QUEUES[code]):
            queue, _ = Queue.objects.get_or_create(
                center=center,
                code=qcode,
                defaults={"name": name, "prefix": prefix, "position": position},
            )
            queue.items.set(
                ServiceItem.objects.filter(domain__in=domains, stationings__center=center)
            )
            queues.append((queue, domains))
        for window in center.windows.all():
            own = [q for q, domains in queues if window.domain and window.domain in domains]
            ordered = own + [q for q, _ in queues if q not in own]
            for position, queue in enumerate(ordered):
                WindowQueue.objects.get_or_create(
                    window=window, queue=queue, defaults={"position": position}
                )
            if window.type != WindowType.OUTPUT and window.number <= 8:
                window.state = WindowState.OPEN
                window.save(update_fields=["state"])


# Bookable half-hours on working days: mornings and afternoons, 4 people each.
SLOT_TIMES = [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (14, 0), (14, 30), (15, 0), (15, 30)]


def _load_slots(centers: dict[str, Center]) -> None:
    """Every queue of every centre can be booked (统一预约); the slots of the
    bookable days are made at once and then each night by the job."""
    for center in centers.values():
        for queue in Queue.objects.filter(center=center, is_active=True):
            for weekday in range(5):
                for hour, minute in SLOT_TIMES:
                    end = (dt.datetime(2000, 1, 1, hour, minute) + dt.timedelta(minutes=30)).time()
                    SlotTemplate.objects.get_or_create(
                        center=center,
                        queue=queue,
                        weekday=weekday,
                        start=dt.time(hour, minute),
                        defaults={"end": end, "capacity": 4},
                    )
        booking.slots_generate(center=center)


def _announce(system, center: Center) -> None:
    """A year's 为老服务 notice (000 第八条) on the board, the kiosk and the guide."""
    if center.announcements.exists():
        return
    now = timezone.now()
    core_services.announcement_save(
        actor=system,
        center=center,
        title="为老服务：60周岁以上老年人可到17号为老助残服务专窗优先办理",
        text="轮椅、老花镜、助听器在总服务台免费借用；行动不便可预约上门服务。",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=365),
    )


# The A and B posts (001 附录B B.4): window number -> (A, B). Every clerk holds A
# at one window and B at another; a department's dispatched staff hold A at their
# domain window and back up a special window near their trade. The smart window
# (18) is self-service and has no posts.
POSTS = {
    "SC-QZX": {
        **{n: (f"qzx_clerk{n}", f"qzx_clerk{n % 6 + 1}") for n in range(1, 7)},
        7: ("qzx_rsj", "qzx_clerk8"),
        8: ("qzx_bdc", "qzx_clerk9"),
        9: ("qzx_scj", "qzx_clerk10"),
        10: ("qzx_crj", "qzx_clerk11"),
        11: ("qzx_swj", "qzx_clerk7"),
        12: ("qzx_clerk7", "qzx_clerk12"),
        13: ("qzx_clerk8", "qzx_rsj"),
        14: ("qzx_clerk9", "qzx_bdc"),
        15: ("qzx_clerk10", "qzx_scj"),
        16: ("qzx_clerk11", "qzx_swj"),
        17: ("qzx_clerk12", "qzx_crj"),
    },
    # The town centre's one clerk holds A at window 1; a second is yet to come.
    "SC-YX": {1: ("yx_clerk1", None)},
}


def _assign_posts(centers: dict[str, Center]) -> None:
    for code, posts in POSTS.items():
        windows = {w.number: w for w in centers[code].windows.all()}
        for number, holders in posts.items():
            for post, username in zip((Post.A, Post.B), holders, strict=True):
                if username is None:
                    continue
                WindowPost.objects.get_or_create(
                    window=windows[number],
                    post=post,
                    defaults={
                        "user": User.objects.get(username=username),
                        "on_duty": post == Post.A,
                    },
                )


def demo_logins() -> list[tuple[str, str, str]]:
    rows = [("admin", "系统管理员 (superuser)", "")]
    for username, full_name, role, center_code, _dept in STAFF:
        rows.append((username, f"{full_name} · {Role(role).label}", center_code or "SC"))
    return rows

"""The demo's 一件事 (bundle_demo.load) on a small district with just the demo
items it needs (the whole demo takes a minute): two bundles at the district
centre and one in progress; safe to run twice."""

from govhall.cases import bundle_demo, services
from govhall.cases.models import Bundle, BundleApplication, CaseStatus
from govhall.catalog import services as catalog
from govhall.catalog.demo_items import ITEMS
from govhall.catalog.tests.factories import superuser
from govhall.core.actors import actor_for_user
from govhall.core.models import CenterLevel, Department, Role
from govhall.core.services import calendar_seed
from govhall.core.tests import factories as f

NEEDED = {"YBJ-0003", "RSJ-0005", "SCJ-0001", "SWJ-0001"}


def _small_demo():
    calendar_seed()
    district = f.district()
    center = f.center(district, code="SC-QZX", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    for code in ("WJW", "YBJ", "RSJ", "SCJ", "SWJ"):
        Department.objects.create(code=code, name=f"{code}局", short_name=code, district=district)
    system = actor_for_user(superuser())
    for spec in (s for s in ITEMS if s["code"] in NEEDED):
        guide = {k: spec[k] for k in catalog.GUIDE_FIELDS if k in spec}
        item = catalog.item_create(
            actor=system,
            code=spec["code"],
            department=Department.objects.get(code=spec["department"]),
            domain=spec["domain"],
            guide=guide,
            materials=spec["materials"],
        )
        version = item.versions.get()
        catalog.version_submit(actor=system, version=version)
        catalog.version_review(actor=system, version=version, approve=True)
        catalog.version_publish(actor=system, version=version)
        catalog.stationing_set(actor=system, item=item, center=center)
    f.staff(Role.CENTER_ADMIN, center_=center, username="qzx_admin")
    f.staff(Role.CLERK, center_=center, username="qzx_clerk1")
    return center


def test_demo_bundles_and_one_in_progress(db):
    center = _small_demo()
    bundle_demo.load({"SC-QZX": center})
    names = set(Bundle.objects.filter(center=center).values_list("name", flat=True))
    assert names == {"新生儿出生一件事", "个体工商户开业一件事"}
    app = BundleApplication.objects.get()
    progress = services.bundle_progress(app)
    assert progress["state"] == "in_progress"
    assert progress["slowest"].item.code == "WJW-0001"
    assert progress["slowest"].status == CaseStatus.ACCEPTED
    assert len(progress["cases"]) == 3
    for case in progress["cases"]:
        assert all(s.at >= case.received_at for s in case.steps.all())
    bundle_demo.load({"SC-QZX": center})  # safe to run twice
    assert BundleApplication.objects.count() == 1 and Bundle.objects.count() == 2

"""Guide versions: draft → submitted by the department → reviewed by the centre
→ published; a published version never changes (004 第二条)."""

import datetime as dt

import pytest

from govhall.catalog import services
from govhall.catalog.models import ItemVersion, Material, VersionStatus
from govhall.catalog.tests.factories import MATERIALS, guide
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog, Event


def _new_item(world, **overrides):
    return services.item_create(
        actor=world["dept_staff"],
        code="SCJ-0001",
        department=world["dept"],
        domain="market_regulation",
        guide=guide(**overrides),
        materials=MATERIALS,
    )


def _publish(world, version):
    services.version_submit(actor=world["dept_staff"], version=version)
    services.version_review(actor=world["center_admin"], version=version, approve=True)
    return services.version_publish(actor=world["center_admin"], version=version)


def test_full_cycle_and_a_change_as_new_version(world):
    item = _new_item(world, name="个体工商户营业执照设立登记")
    v1 = item.versions.get()
    assert v1.status == VersionStatus.DRAFT
    _publish(world, v1)
    item.refresh_from_db()
    assert item.published_version == v1

    v2 = services.version_new_draft(actor=world["dept_staff"], item=item)
    assert v2.number == 2 and v2.materials.count() == len(MATERIALS)
    services.version_update(
        actor=world["dept_staff"],
        version=v2,
        changes={"committed_days": 3, "change_summary": "压缩时限"},
    )
    # Until v2 is published the public still sees v1.
    item.refresh_from_db()
    assert item.published_version.committed_days == 5
    _publish(world, v2)
    item.refresh_from_db()
    v1.refresh_from_db()
    assert item.published_version == v2 and v1.status == VersionStatus.SUPERSEDED
    assert Event.objects.filter(kind="catalog.version_published").count() == 2
    assert AuditLog.objects.filter(action="catalog.version_submitted").count() == 2


def test_published_version_never_changes(world):
    item = _new_item(world)
    v1 = _publish(world, item.versions.get())
    v1.name = "改名"
    with pytest.raises(InvalidTransition):
        v1.save()
    with pytest.raises(InvalidTransition):
        services.version_update(actor=world["dept_staff"], version=v1, changes={"name": "x"})
    with pytest.raises(InvalidTransition):
        Material.objects.create(version=v1, name="追加", form="copy")
    with pytest.raises(InvalidTransition):
        v1.materials.first().delete()
    assert ItemVersion.objects.get(pk=v1.pk).name == "测试事项"


def test_only_the_department_drafts_and_only_the_centre_publishes(world):
    item = _new_item(world)
    v1 = item.versions.get()
    with pytest.raises(PermissionDenied):
        services.version_submit(actor=world["clerk"], version=v1)
    services.version_submit(actor=world["dept_staff"], version=v1)
    with pytest.raises(PermissionDenied):
        services.version_review(actor=world["dept_staff"], version=v1, approve=True)
    with pytest.raises(PermissionDenied):
        services.version_review(actor=world["clerk"], version=v1, approve=True)


def test_steps_out_of_order_are_refused(world):
    v1 = _new_item(world).versions.get()
    with pytest.raises(InvalidTransition):
        services.version_publish(actor=world["center_admin"], version=v1)
    with pytest.raises(InvalidTransition):
        services.version_review(actor=world["center_admin"], version=v1, approve=True)
    services.version_submit(actor=world["dept_staff"], version=v1)
    with pytest.raises(InvalidTransition):
        services.version_submit(actor=world["dept_staff"], version=v1)
    with pytest.raises(InvalidTransition):
        services.version_update(actor=world["dept_staff"], version=v1, changes={"fee": "1元"})


def test_return_needs_a_note_and_reopens_the_draft(world):
    v1 = _new_item(world).versions.get()
    services.version_submit(actor=world["dept_staff"], version=v1)
    with pytest.raises(ValidationFailed):
        services.version_review(actor=world["center_admin"], version=v1, approve=False, note=" ")
    services.version_review(
        actor=world["center_admin"], version=v1, approve=False, note="材料清单不完整"
    )
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETURNED
    services.version_update(actor=world["dept_staff"], version=v1, changes={"fee": "不收费"})
    services.version_submit(actor=world["dept_staff"], version=v1)


def test_one_change_at_a_time(world):
    item = _new_item(world)
    with pytest.raises(Conflict):
        services.version_new_draft(actor=world["dept_staff"], item=item)


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"committed_days": 30}, "committed_days"),
        ({"approval_mode": "fast"}, "approval_mode"),
        ({"name": "名" * 121}, "name"),
        ({"process": "申请"}, "process"),
        ({"statutory_days": -1}, "statutory_days"),
        ({"owner": "x"}, "owner"),
    ],
)
def test_bad_guide_changes_change_nothing(world, changes, field):
    v1 = _new_item(world).versions.get()
    with pytest.raises(ValidationFailed) as err:
        services.version_update(actor=world["dept_staff"], version=v1, changes=changes)
    assert field in err.value.fields
    assert ItemVersion.objects.get(pk=v1.pk).committed_days == 5


def test_bad_materials_change_nothing(world):
    v1 = _new_item(world).versions.get()
    with pytest.raises(ValidationFailed) as err:
        services.version_set_materials(
            actor=world["dept_staff"],
            version=v1,
            materials=[{"name": "", "form": "paper", "count": 0}],
        )
    assert set(err.value.fields) == {"materials[0].name", "materials[0].form", "materials[0].count"}
    assert v1.materials.count() == len(MATERIALS)


def test_duplicate_code_is_a_conflict(world):
    _new_item(world)
    with pytest.raises(Conflict):
        _new_item(world)


def test_publication_deadline_is_five_working_days_and_overdue_is_flagged_once(world):
    v1 = _new_item(world).versions.get()
    # Submitted Fri 25 Sep 2026: 28, 29, 30 Sep, then National Day (1–7 Oct), 8 and 9 Oct.
    services.version_submit(actor=world["dept_staff"], version=v1, today=dt.date(2026, 9, 25))
    v1.refresh_from_db()
    assert v1.publish_due == dt.date(2026, 10, 9)
    assert services.catalog_flag_overdue(today=dt.date(2026, 10, 9)) == 0
    assert services.catalog_flag_overdue(today=dt.date(2026, 10, 10)) == 1
    assert services.catalog_flag_overdue(today=dt.date(2026, 10, 11)) == 0
    assert Event.objects.filter(kind="catalog.publication_overdue").count() == 1


def test_instant_item_has_no_committed_days(world):
    with pytest.raises(ValidationFailed):
        _new_item(world, approval_mode="instant", statutory_days=0, committed_days=3)

"""The guide workflow's pages (workflow_views.py): the department drafts and
submits, the centre reviews and publishes. Every form gets bad input (missing,
too long, wrong type, another department's item, another centre, a step out of
order): the page shows the refusal with a 4xx and nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client

from govhall.catalog import services
from govhall.catalog.diff import snapshot
from govhall.catalog.models import ItemVersion, VersionStatus
from govhall.catalog.tests.factories import published_item
from govhall.core import navigation
from govhall.core.models import AuditLog, CenterLevel, Role
from govhall.core.services import calendar_seed
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def wf(world):
    calendar_seed()
    w = dict(world)
    w["item"] = published_item(w["dept"], w["center"], code="SCJ-0001", name="个体工商户设立登记")
    w["other_dept"] = f.department(w["district"], code="RSJ")
    w["other_item"] = published_item(w["other_dept"], w["center"], code="RSJ-0001")
    far = f.district("FAR", "远方区")
    w["far_center"] = f.center(far, code="FAR-1", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    w["far_admin"] = f.staff(Role.CENTER_ADMIN, center_=w["far_center"])
    return w


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def dept(wf):
    return client_for(wf["dept_staff"].user)


@pytest.fixture
def admin(wf):
    return client_for(wf["center_admin"].user)


def draft_of(wf, item=None) -> ItemVersion:
    return services.version_new_draft(actor=wf["dept_staff"], item=item or wf["item"])


def submitted(wf) -> ItemVersion:
    v = draft_of(wf)
    services.version_update(
        actor=wf["dept_staff"], version=v, changes={"committed_days": 2, "change_summary": "压缩"}
    )
    return services.version_submit(actor=wf["dept_staff"], version=v)


def state(version: ItemVersion) -> tuple:
    version = ItemVersion.objects.get(pk=version.pk)
    return version.status, version.review_note, snapshot(version)


def guide_post(version: ItemVersion, **overrides) -> dict:
    data = {
        "name": version.name,
        "item_type": version.item_type,
        "approval_mode": version.approval_mode,
        "legal_basis": version.legal_basis,
        "conditions": version.conditions,
        "process": "\n".join(version.process),
        "statutory_days": version.statutory_days,
        "committed_days": version.committed_days,
        "fee": version.fee,
        "consult_phone": version.consult_phone,
        "complaint_phone": version.complaint_phone,
        "change_summary": "压缩承诺时限",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def url(wf, name, *args, center=None) -> str:
    from django.urls import reverse

    return reverse(f"catalog:{name}", args=[(center or wf["center"]).code, *args])


# --- the department's side ------------------------------------------------------------


def test_the_department_sees_its_own_items_and_starts_a_draft(wf, dept):
    page = dept.get(url(wf, "wf_drafts"))
    body = page.content.decode()
    assert page.status_code == 200 and "SCJ-0001" in body and "RSJ-0001" not in body
    response = dept.post(url(wf, "wf_draft_new", "SCJ-0001"))
    draft = wf["item"].versions.get(number=2)
    assert response.status_code == 302 and response["Location"] == url(wf, "wf_edit", draft.pk)
    assert draft.status == VersionStatus.DRAFT and draft.materials.count() == 2
    assert "修改并提交" in dept.get(url(wf, "wf_drafts")).content.decode()


def test_a_second_draft_and_another_departments_item_are_refused(wf, dept):
    draft_of(wf)
    again = dept.post(url(wf, "wf_draft_new", "SCJ-0001"))
    assert again.status_code == 409 and "已有未发布的版本" in again.content.decode()
    other = dept.post(url(wf, "wf_draft_new", "RSJ-0001"))
    assert other.status_code == 403
    assert wf["other_item"].versions.count() == 1 and wf["item"].versions.count() == 2
    assert dept.post(url(wf, "wf_draft_new", "NOPE-1")).status_code == 404


def test_editing_every_guide_field(wf, dept):
    v = draft_of(wf)
    data = guide_post(
        v,
        name="个体工商户设立登记（新）",
        item_type="licensing",
        approval_mode="instant",
        legal_basis="《促进个体工商户发展条例》第八条",
        conditions="具有经营能力的公民",
        process="申请\n 受理 \n\n当场发照",
        statutory_days=15,
        committed_days=0,
        fee="不收费",
        consult_phone="021-57770001",
        complaint_phone="12345",
        change_summary="即办",
    )
    data["parallel_departments"] = ["RSJ"]
    response = dept.post(url(wf, "wf_edit", v.pk), data)
    assert response.status_code == 302
    v.refresh_from_db()
    assert (v.name, v.item_type, v.approval_mode) == (
        "个体工商户设立登记（新）",
        "licensing",
        "instant",
    )
    assert v.process == ["申请", "受理", "当场发照"] and v.statutory_days == 15
    assert (v.consult_phone, v.change_summary) == ("021-57770001", "即办")
    assert [d.code for d in v.parallel_departments.all()] == ["RSJ"]
    wf["item"].refresh_from_db()
    assert wf["item"].published_version.name == "个体工商户设立登记"  # the public still sees v1


def test_fee_amounts_are_edited_as_lines_and_shown_back(wf, dept):
    v = draft_of(wf)
    lines = "住宅登记费 80\n非住宅登记费：550元\n  \n工本费 10.5"
    response = dept.post(
        url(wf, "wf_edit", v.pk), guide_post(v, fee="按标准收费", fee_amounts=lines)
    )
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.fee_amounts == [
        {"label": "住宅登记费", "amount": "80.00"},
        {"label": "非住宅登记费", "amount": "550.00"},
        {"label": "工本费", "amount": "10.50"},
    ]
    page = dept.get(url(wf, "wf_edit", v.pk)).content.decode()
    assert "住宅登记费 80.00" in page and "工本费 10.50" in page


@pytest.mark.parametrize(
    "lines",
    [
        *("登记费", "登记费 八十", "登记费 -5", "登记费 0", "登记费 100001"),
        "费" * 41 + " 5",
        "\n".join(f"费{n} 1" for n in range(11)),
    ],
)
def test_bad_fee_lines_are_refused_and_nothing_changes(wf, dept, lines):
    v = draft_of(wf)
    before = state(v)
    response = dept.post(url(wf, "wf_edit", v.pk), guide_post(v, fee_amounts=lines))
    assert response.status_code == 422
    assert "fee_amounts" in response.context["form"].errors
    assert state(v) == before


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),  # missing
        ({"name": "名" * 121}, "name"),  # too long
        ({"fee": "元" * 301}, "fee"),
        ({"change_summary": ""}, "change_summary"),
        ({"statutory_days": "二十"}, "statutory_days"),  # wrong type
        ({"committed_days": -1}, "committed_days"),
        ({"committed_days": 400}, "committed_days"),
        ({"approval_mode": "nope"}, "approval_mode"),
        ({"item_type": ""}, "item_type"),
        ({"process": " \n "}, "process"),
        ({"process": "步" * 201}, "process"),
        ({"parallel_departments": ["NOPE"]}, "parallel_departments"),
        # the services' rules across fields, back on the form
        ({"statutory_days": 3, "committed_days": 5}, "committed_days"),
        ({"approval_mode": "instant", "committed_days": 5}, "committed_days"),
    ],
)
def test_bad_guide_input_is_refused_and_nothing_changes(wf, dept, overrides, field):
    v = draft_of(wf)
    before = state(v)
    response = dept.post(url(wf, "wf_edit", v.pk), guide_post(v, **overrides))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert "has-error" in response.content.decode()
    assert state(v) == before


def test_another_departments_version_is_refused_and_nothing_changes(wf, dept):
    other = services.version_new_draft(
        actor=f.actor(f.staff(Role.REVIEWER, center_=wf["center"], department_=wf["other_dept"])),
        item=wf["other_item"],
    )
    before = state(other)
    assert dept.get(url(wf, "wf_edit", other.pk)).status_code == 403
    assert dept.post(url(wf, "wf_edit", other.pk), guide_post(other, name="改")).status_code == 403
    lines = {"m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0"}
    assert dept.post(url(wf, "wf_materials", other.pk), lines).status_code == 403
    assert dept.post(url(wf, "wf_submit", other.pk)).status_code == 403
    assert state(other) == before


def test_the_centre_admin_does_not_draft(wf, admin):
    v = draft_of(wf)
    before = state(v)
    assert admin.get(url(wf, "wf_drafts")).status_code == 403
    assert admin.post(url(wf, "wf_edit", v.pk), guide_post(v, name="改")).status_code == 403
    assert state(v) == before


def _lines(rows: list[dict], initial: int) -> dict:
    data = {"m-TOTAL_FORMS": str(len(rows)), "m-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        for k, value in row.items():
            if value is not None and value is not False:
                data[f"m-{i}-{k}"] = "on" if value is True else value
    return data


def _row(name, order, form="original", count="1", required=True, notes="", delete=False):
    return {
        "name": name,
        "ORDER": order,
        "form": form,
        "count": count,
        "required": required,
        "notes": notes,
        "DELETE": delete,
    }


def test_material_lines_added_removed_and_reordered(wf, dept):
    v = draft_of(wf)
    names = list(v.materials.values_list("name", flat=True))
    rows = [
        _row(names[0], "2", form="original_and_copy"),
        _row(names[1], "1", required=False, notes="网上填写"),
        _row("经营场所使用证明", "3", form="copy", count="2"),
        _row("", ""),  # the blank extra line is ignored
    ]
    response = dept.post(url(wf, "wf_materials", v.pk), _lines(rows, 2))
    assert response.status_code == 302
    got = list(v.materials.order_by("position").values_list("name", "required", "count"))
    assert got == [(names[1], False, 1), (names[0], True, 1), ("经营场所使用证明", True, 2)]
    rows = [_row(names[1], "1"), _row(names[0], "2", delete=True), _row("经营场所使用证明", "3")]
    assert dept.post(url(wf, "wf_materials", v.pk), _lines(rows, 3)).status_code == 302
    assert list(v.materials.values_list("name", flat=True)) == [names[1], "经营场所使用证明"]


@pytest.mark.parametrize(
    "bad",
    [
        {"count": "两份"},  # wrong type
        {"count": "0"},
        {"count": "100"},
        {"name": "材" * 201},  # too long
        {"notes": "注" * 301},
        {"name": ""},  # missing on a line that is kept
        {"form": "scan"},
        {"ORDER": "第一"},
    ],
)
def test_bad_material_lines_are_refused_and_nothing_changes(wf, dept, bad):
    v = draft_of(wf)
    before = state(v)
    first = {**_row(v.materials.first().name, "1", notes="x"), **bad}
    response = dept.post(url(wf, "wf_materials", v.pk), _lines([first], 2))
    assert response.status_code == 422 and "field-error" in response.content.decode()
    assert state(v) == before


def test_a_tampered_or_oversized_material_form_is_refused(wf, dept):
    v = draft_of(wf)
    before = state(v)
    missing = dept.post(url(wf, "wf_materials", v.pk), {"m-0-name": "x"})
    assert missing.status_code == 422
    many = _lines([_row(f"材料{i}", str(i)) for i in range(45)], 0)
    assert dept.post(url(wf, "wf_materials", v.pk), many).status_code == 422
    assert state(v) == before


def test_submit_needs_materials_then_runs_once(wf, dept):
    v = draft_of(wf)
    empty = dept.post(url(wf, "wf_materials", v.pk), _lines([], 0) | {"m-INITIAL_FORMS": "0"})
    assert empty.status_code == 302 and not v.materials.exists()
    refused = dept.post(url(wf, "wf_submit", v.pk))
    assert refused.status_code == 422 and "请至少列出一项申请材料" in refused.content.decode()
    assert ItemVersion.objects.get(pk=v.pk).status == VersionStatus.DRAFT
    services.version_set_materials(
        actor=wf["dept_staff"], version=v, materials=[{"name": "申请表", "form": "original"}]
    )
    audited = AuditLog.objects.filter(action="catalog.version_submitted").count
    n = audited()
    assert dept.post(url(wf, "wf_submit", v.pk)).status_code == 302
    v.refresh_from_db()
    assert v.status == VersionStatus.SUBMITTED and v.publish_due and v.submitted_by
    before = state(v)
    again = dept.post(url(wf, "wf_submit", v.pk))  # a step out of order
    assert again.status_code == 409
    assert dept.post(url(wf, "wf_edit", v.pk), guide_post(v, name="改")).status_code == 409
    assert state(v) == before
    assert audited() == n + 1


def test_the_pages_answer_get_and_post_only_as_declared(wf, dept, admin):
    v = draft_of(wf)
    assert dept.get(url(wf, "wf_submit", v.pk)).status_code == 405
    assert admin.get(url(wf, "wf_publish", v.pk)).status_code == 405
    assert dept.get(url(wf, "wf_edit", 999999)).status_code == 404


# --- the centre's side ---------------------------------------------------------------


def test_the_queue_lists_submitted_and_approved_with_their_due_date(wf, admin):
    v = submitted(wf)
    page = admin.get(url(wf, "wf_queue"))
    body = page.content.decode()
    assert page.status_code == 200 and "SCJ-0001" in body
    assert v.publish_due.strftime("%Y-%m-%d") in body and "已超期" not in body
    ItemVersion.objects.filter(pk=v.pk).update(
        publish_due="2020-01-03", publish_due_provisional=True
    )
    body = admin.get(url(wf, "wf_queue")).content.decode()
    assert "已超期" in body and "（预计）" in body and "row-overdue" in body


def test_the_review_page_shows_both_versions_side_by_side(wf, admin):
    v = submitted(wf)
    page = admin.get(url(wf, "wf_review", v.pk))
    assert page.status_code == 200
    diff = page.context["diff"]
    assert set(diff.changed) == {"committed_days", "change_summary"}
    body = page.content.decode()
    assert "现行版本（第 1 版）" in body and "提交版本（第 2 版）" in body
    assert "<del>5 个工作日</del>" in body and "<ins>2 个工作日</ins>" in body


def test_returning_needs_a_note_and_the_department_sees_it(wf, admin, dept):
    v = submitted(wf)
    before = state(v)
    response = admin.post(url(wf, "wf_review", v.pk), {"decision": "return", "note": "  "})
    assert response.status_code == 422 and "note" in response.context["form"].errors
    for bad in ({}, {"decision": "maybe"}, {"decision": "return", "note": "意" * 301}):
        assert admin.post(url(wf, "wf_review", v.pk), bad).status_code == 422
    assert state(v) == before
    note = "请补充委托办理材料"
    assert (
        admin.post(url(wf, "wf_review", v.pk), {"decision": "return", "note": note}).status_code
        == 302
    )
    assert ItemVersion.objects.get(pk=v.pk).status == VersionStatus.RETURNED
    listing = dept.get(url(wf, "wf_drafts")).content.decode()
    assert note in listing and "中心退回，待修改" in listing
    page = dept.get(url(wf, "wf_edit", v.pk)).content.decode()
    assert note in page and "重新提交中心审核" in page
    assert dept.post(url(wf, "wf_submit", v.pk)).status_code == 302
    assert ItemVersion.objects.get(pk=v.pk).status == VersionStatus.SUBMITTED


def test_approve_then_publish_and_the_public_guide_changes(wf, admin):
    v = submitted(wf)
    before = state(v)
    early = admin.post(url(wf, "wf_publish", v.pk))  # publishing a submitted version
    assert early.status_code == 409 and "只有审核通过的版本可以发布" in early.content.decode()
    assert state(v) == before
    assert admin.post(url(wf, "wf_review", v.pk), {"decision": "approve"}).status_code == 302
    again = admin.post(url(wf, "wf_review", v.pk), {"decision": "approve"})
    assert again.status_code == 409
    assert admin.post(url(wf, "wf_publish", v.pk)).status_code == 302
    wf["item"].refresh_from_db()
    assert wf["item"].published_version_id == v.pk
    guide = Client().get("/guide/items/SCJ-0001/").content.decode()
    assert "2 个工作日" in guide and "第 2 版" in guide
    assert admin.post(url(wf, "wf_publish", v.pk)).status_code == 409


def test_another_centre_and_the_department_cannot_review(wf, dept):
    v = submitted(wf)
    before = state(v)
    far = client_for(wf["far_admin"])
    far_center = wf["far_center"]
    assert far.get(url(wf, "wf_review", v.pk, center=far_center)).status_code == 404
    approve = {"decision": "approve"}
    assert far.post(url(wf, "wf_review", v.pk, center=far_center), approve).status_code == 404
    assert far.post(url(wf, "wf_review", v.pk), approve).status_code == 403
    assert far.post(url(wf, "wf_publish", v.pk)).status_code == 403
    assert dept.get(url(wf, "wf_queue")).status_code == 403
    assert dept.post(url(wf, "wf_review", v.pk), approve).status_code == 403
    assert client_for(wf["clerk"].user).get(url(wf, "wf_review", v.pk)).status_code == 403
    assert state(v) == before


def test_the_navigation_counts_what_waits(wf):
    v = submitted(wf)
    center = wf["center"]

    def counts(actor):
        return {
            link["key"]: link.get("waiting")
            for link in navigation.links(actor, center, with_waiting=True)
            if link["section"] == "catalog"
        }

    assert counts(wf["center_admin"]) == {"catalog.review": 1, "catalog.publish": 0}
    assert counts(wf["dept_staff"]) == {"catalog.drafts": 0}
    assert counts(wf["clerk"]) == {}
    services.version_review(actor=wf["center_admin"], version=v, approve=False, note="补充")
    assert counts(wf["dept_staff"]) == {"catalog.drafts": 1}
    assert counts(wf["center_admin"]) == {"catalog.review": 0, "catalog.publish": 0}


def test_a_submitted_versions_lines_are_not_edited_and_sample_links_survive(wf, dept):
    v = draft_of(wf)
    first = v.materials.order_by("position").first()
    first.sample_url = "https://example.gov.cn/sample.pdf"
    first.save()
    rows = [
        {**_row(m.name, str(n)), "sample_url": m.sample_url}
        for n, m in enumerate(v.materials.order_by("position"), 1)
    ]
    assert dept.post(url(wf, "wf_materials", v.pk), _lines(rows, len(rows))).status_code == 302
    assert v.materials.order_by("position").first().sample_url == first.sample_url
    services.version_submit(actor=wf["dept_staff"], version=v)
    before = state(v)
    assert dept.get(url(wf, "wf_materials", v.pk)).status_code == 302  # to the read-only page
    assert dept.post(url(wf, "wf_materials", v.pk), _lines(rows, len(rows))).status_code == 409
    assert dept.post(url(wf, "wf_edit", v.pk), {"name": ""}).status_code == 409
    page = dept.get(url(wf, "wf_edit", v.pk)).content.decode()
    assert "已提交中心审核，审核期间不能修改" in page and "保存指南" not in page
    assert state(v) == before

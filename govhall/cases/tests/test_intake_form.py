"""The intake form sent back after an error keeps everything the clerk typed
and chose; a material's status is never defaulted (issue 11, finding 3)."""

import re

from govhall.cases.models import Case, CaseStatus
from govhall.cases.tests.factories import NAME, PHONE, id_number
from govhall.cases.tests.test_pages import _intake_form
from govhall.queueing.tests.factories import queue, window


def _checked(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="(\w+)" required checked', page)


def _setup(w, client):
    q = queue(w["center"], "Z", w["promise"])
    win = window(w["center"], 5, q)
    client.force_login(w["clerk"].user)
    return f"/cases/window/{win.code}/intake/?item={w['promise'].code}"


def test_an_error_keeps_every_value_and_every_material_status(w, client):
    url = _setup(w, client)
    materials = list(w["promise"].published_version.materials.all())
    form = {
        **_intake_form(w["promise"], missing={materials[0].name}),
        "name": "",  # the error: no name
        "proxy_name": "李代办",
        "delivery": "post",
        "address": "松川区人民路1号",
    }
    form[f"m{materials[0].pk}_note"] = "原件未带"
    resp = client.post(url, form)
    assert resp.status_code == 422 and not Case.objects.exists()
    page = resp.content.decode()
    assert f'value="{id_number()}"' in page and f'value="{PHONE}"' in page
    assert 'value="李代办"' in page and 'value="松川区人民路1号"' in page
    assert '<option value="post" selected>' in page
    assert _checked(page, f"m{materials[0].pk}_status") == ["missing"]
    assert 'value="原件未带"' in page
    for m in materials[1:]:
        assert _checked(page, f"m{m.pk}_status") == ["provided"]


def test_no_material_status_is_preselected(w, client):
    url = _setup(w, client)
    page = client.get(url).content.decode()
    assert "_status" in page and " checked" not in page.split("材料核对")[1].split("</table>")[0]


def test_a_resubmitted_form_keeps_the_missing_material_missing(w, client):
    url = _setup(w, client)
    first = {**_intake_form(w["promise"], missing={"申请表"}), "phone": "123"}
    assert client.post(url, first).status_code == 422
    # The clerk corrects the phone and sends the form as it came back.
    resp = client.post(url, {**first, "phone": PHONE, "name": NAME})
    assert resp.status_code == 302
    assert Case.objects.get().status == CaseStatus.SUPPLEMENT


def test_a_material_without_a_status_is_refused(w, client):
    url = _setup(w, client)
    form = _intake_form(w["promise"])
    first = w["promise"].published_version.materials.first()
    del form[f"m{first.pk}_status"]
    resp = client.post(url, form)
    assert resp.status_code == 422 and not Case.objects.exists()


def test_item_names_carry_their_approval_mode_once():
    from govhall.catalog.models import ApprovalMode, ItemVersion

    named = ItemVersion(
        name="人力资源服务许可（告知承诺）", approval_mode=ApprovalMode.NOTIFY_COMMIT
    )
    plain = ItemVersion(name="食品经营许可", approval_mode=ApprovalMode.NOTIFY_COMMIT)
    assert named.name_with_mode == "人力资源服务许可（告知承诺）"
    assert plain.name_with_mode == "食品经营许可（告知承诺）"

"""The 不见面审批 pages through Django's client: the citizen's application and
online 补正, the clerk's pre-check with the files, their bad input and scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from govhall.cases.models import Case, CaseStatus, OnlineUpload
from govhall.cases.tests.factories import id_number, item
from govhall.cases.tests.test_online import PDF, png
from govhall.core.models import AuditLog


@pytest.fixture
def online(w):
    w["remote"] = item(w["lead"], w["center"], mode="remote", days=5)
    return w


def _form(it, **over):
    data = {
        "name": "张晓明",
        "id_number": id_number(),
        "phone": "13812345678",
        "delivery": "post",
        "address": "上海市松川区中山路1号",
    }
    for m in it.published_version.materials.all():
        if m.required:
            data[f"m{m.pk}"] = SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    data.update(over)
    return data


def _apply(client, w, **over):
    url = reverse("cases:online_apply", args=[w["center"].code, w["remote"].code])
    return client.post(url, _form(w["remote"], **over))


def test_the_citizen_applies_and_gets_the_number_and_check_code(online):
    client = Client()
    items = client.get(reverse("cases:online_items", args=[online["center"].code]))
    assert online["remote"].published_version.name in items.content.decode()
    assert online["promise"].published_version.name not in items.content.decode()
    response = _apply(client, online)
    assert response.status_code == 200
    case = Case.objects.get()
    page = response.content.decode()
    assert case.number in page and case.check_code in page and "138****5678" in page


def test_bad_input_is_shown_on_the_form_and_nothing_is_written(online):
    first = online["remote"].published_version.materials.first()
    exe = SimpleUploadedFile("a.pdf", b"MZ" + b"\0" * 64, "application/pdf")
    response = _apply(Client(), online, **{f"m{first.pk}": exe, "id_number": "123"})
    assert response.status_code == 422
    assert "只接受" in response.content.decode() or "身份证" in response.content.decode()
    assert not Case.objects.exists() and not OnlineUpload.objects.exists()
    other = reverse("cases:online_apply", args=[online["center"].code, online["promise"].code])
    assert Client().get(other).status_code == 404  # not an online item


def test_the_clerk_prechecks_views_a_file_and_accepts(online):
    _apply(Client(), online)
    case = Case.objects.get()
    clerk = Client()
    clerk.force_login(online["clerk"].user)
    listing = clerk.get(reverse("cases:online_precheck", args=[online["center"].code]))
    assert case.number in listing.content.decode()
    url = reverse("cases:online_case", args=[online["center"].code, case.number])
    page = clerk.get(url).content.decode()
    upload = case.online_uploads.first()
    file_url = reverse("cases:online_file", args=[online["center"].code, case.number, upload.pk])
    assert file_url in page
    shown = clerk.get(file_url)
    assert shown["Content-Type"] == "application/pdf" and shown.content == PDF
    assert AuditLog.objects.filter(action="case.upload_read").exists()
    # A checklist that leaves a line out is refused on the page.
    lines = list(case.materials.filter(rounds=0, uploads__isnull=False).distinct())
    partial = {"step": "precheck", f"m{lines[0].pk}_status": "provided"}
    assert clerk.post(url, partial).status_code == 422
    full = {"step": "precheck", **{f"m{line.pk}_status": "provided" for line in lines}}
    assert clerk.post(url, full).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_another_centre_and_anonymous_see_nothing(online):
    _apply(Client(), online)
    case = Case.objects.get()
    other = Client()
    other.force_login(online["other_clerk"].user)
    url = reverse("cases:online_case", args=[online["center"].code, case.number])
    assert other.get(url).status_code == 403
    assert other.get(reverse("cases:online_case", args=["JJ", case.number])).status_code == 404
    assert Client().get(url).status_code == 401
    upload = case.online_uploads.first()
    file_url = reverse("cases:online_file", args=["JJ", case.number, upload.pk])
    assert other.get(file_url).status_code == 404


def test_the_online_supplement_asks_the_check_code_and_takes_only_what_was_missing(online):
    _apply(Client(), online)
    case = Case.objects.get()
    clerk = Client()
    clerk.force_login(online["clerk"].user)
    lines = list(case.materials.filter(uploads__isnull=False).distinct().order_by("position"))
    data = {"step": "precheck", **{f"m{line.pk}_status": "provided" for line in lines}}
    data[f"m{lines[1].pk}_status"] = "wrong"
    data[f"m{lines[1].pk}_note"] = "扫描不清晰"
    clerk.post(reverse("cases:online_case", args=[online["center"].code, case.number]), data)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPLEMENT
    citizen = Client()
    url = reverse("cases:online_supplement")
    wrong = citizen.post(url, {"number": case.number, "check_code": "00000000"})
    assert wrong.status_code == 404
    found = citizen.post(url, {"number": case.number, "check_code": case.check_code})
    assert "扫描不清晰" in found.content.decode()
    assert f'name="m{lines[0].material_id}"' not in found.content.decode()
    done = citizen.post(
        url,
        {
            "number": case.number,
            "check_code": case.check_code,
            "step": "upload",
            f"m{lines[1].material_id}": SimpleUploadedFile("b.png", png(), "image/png"),
        },
    )
    assert done.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.PRECHECK

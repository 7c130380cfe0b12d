"""不见面审批 (services/online.py): the web application, the clerk's pre-check
(accept, supplement, refuse), the online 补正 that re-checks only what was
missing, Licensing Law art. 32 in the sweep, the uploads checked by content,
and the scope of the pre-check pages."""

import datetime as dt
import io

import chinese_calendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from govhall.cases import online_selectors, services
from govhall.cases.models import (
    Case,
    CaseStatus,
    DocumentKind,
    OnlineUpload,
    Source,
)
from govhall.cases.tests.factories import at, id_number, item, person
from govhall.cases.tests.pdftext import pdf_text
from govhall.core import crypto
from govhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import Event


def png(size=(40, 30), color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (50, 40), (10, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload(data: bytes, name="scan.pdf", ctype="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=ctype)


@pytest.fixture
def online(w):
    w["remote"] = item(w["lead"], w["center"], w["other"], mode="remote", days=5)
    return w


def materials(it):
    return list(it.published_version.materials.all())


def files_for(it, **over):
    """A file for every required material (a PDF, the first a PNG)."""
    out = {}
    for i, m in enumerate(materials(it)):
        if m.required:
            out[m.pk] = [upload(png(), "id.png", "image/png") if i == 0 else upload(PDF)]
    out.update(over)
    return out


def apply(w, it=None, *, now=None, files=None, **kw):
    it = it or w["remote"]
    return services.online_apply(
        center=kw.pop("center", w["center"]),
        item_code=it.code,
        applicant=kw.pop("applicant", person()),
        files=files_for(it) if files is None else files,
        delivery=kw.pop("delivery", {"method": "post", "address": "上海市松川区中山路1号"}),
        now=now,
        **kw,
    )


def checklist(case, **wrong):
    """The clerk's checklist of the lines under check: provided unless named."""
    return [
        {
            "material": line.material_id,
            "status": "wrong" if line.name in wrong else "provided",
            "note": wrong.get(line.name, ""),
        }
        for line in online_selectors.lines_to_check(case)
    ]


# --- the application --------------------------------------------------------------------


def test_an_online_application_waits_for_the_precheck_with_its_files_encrypted(online):
    case = apply(online, now=at(2025, 9, 24))
    assert case.status == CaseStatus.PRECHECK and case.source == Source.ONLINE
    assert case.received_by is None and case.window is None and len(case.check_code) == 8
    assert case.precheck_due == dt.date(2025, 9, 30)  # Sunday 28 Sep is a make-up working day
    assert case.delivery_method == "post"
    ups = OnlineUpload.objects.filter(case=case)
    assert ups.count() == 4 and {u.round for u in ups} == {1}
    first = ups.order_by("line__position").first()
    assert first.kind == "png" and b"PNG" not in bytes(first.content)  # encrypted
    assert crypto.decrypt_bytes(first.content).startswith(b"\x89PNG")
    assert all(line.rounds == 0 for line in case.materials.all())
    events = Event.objects.filter(kind="case.online_received", aggregate_id=str(case.pk))
    payload = str(events.get().payload)
    assert "张晓明" not in payload and id_number() not in payload


def test_an_item_that_does_not_allow_online_application_is_refused(online):
    with pytest.raises(ValidationFailed) as exc:
        apply(online, online["promise"], files={})
    assert exc.value.code == "online_not_allowed"
    assert not Case.objects.exists()


def test_a_promise_item_flagged_online_may_be_applied_for(online):
    it = item(online["lead"], online["center"], mode="promise", online_application=True)
    assert apply(online, it).status == CaseStatus.PRECHECK


def test_the_id_number_is_validated(online):
    with pytest.raises(ValidationFailed) as exc:
        apply(online, applicant=person(id_number="310117198506121230"))
    assert "applicant.id_number" in exc.value.fields or exc.value.fields
    assert not Case.objects.exists()


# --- bad uploads: nothing is written ----------------------------------------------------


def _bad(online, data: bytes, name: str, ctype: str) -> ValidationFailed:
    first = materials(online["remote"])[0]
    with pytest.raises(ValidationFailed) as exc:
        apply(
            online,
            files=files_for(online["remote"], **{}) | {first.pk: [upload(data, name, ctype)]},
        )
    assert not Case.objects.exists() and not OnlineUpload.objects.exists()
    assert f"m{first.pk}" in exc.value.fields
    return exc.value


def test_a_png_named_pdf_is_taken_as_the_png_it_is(online):
    first = materials(online["remote"])[0]
    files = files_for(online["remote"]) | {first.pk: [upload(png(), "证件.pdf", "application/pdf")]}
    case = apply(online, files=files)
    assert case.online_uploads.get(line__material=first).kind == "png"


def test_an_exe_renamed_is_refused(online):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
    assert _bad(online, exe, "scan.pdf", "application/pdf").code == "file_type"


def test_a_fake_png_and_a_pdf_with_a_script_are_refused(online):
    assert _bad(online, b"\x89PNG\r\n\x1a\n" + b"junk" * 50, "a.png", "image/png").code == (
        "file_invalid"
    )
    script = PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/J#61vaScript/JS(x)>>")
    assert _bad(online, script, "a.pdf", "application/pdf").code == "file_active_content"


def test_an_empty_and_a_too_big_file_are_refused(online):
    assert _bad(online, b"", "a.pdf", "application/pdf").code == "file_empty"
    online["center"].settings = {"cases.online_file_mb": 1}
    online["center"].save()
    big = PDF[:-7] + b" " * (1024 * 1024) + b"%%EOF\n"
    assert _bad(online, big, "a.pdf", "application/pdf").code == "file_too_large"


def test_too_many_files_and_a_missing_material_are_refused(online):
    first = materials(online["remote"])[0]
    many = [upload(PDF) for _i in range(4)]  # the default is 3 per material
    with pytest.raises(ValidationFailed) as exc:
        apply(online, files=files_for(online["remote"]) | {first.pk: many})
    assert exc.value.code == "too_many_files"
    with pytest.raises(ValidationFailed) as exc:
        apply(online, files={first.pk: [upload(PDF)]})
    assert exc.value.code == "file_missing" and len(exc.value.fields) >= 2
    with pytest.raises(ValidationFailed) as exc:
        apply(online, files=files_for(online["remote"]) | {999999: [upload(PDF)]})
    assert exc.value.code == "invalid_checklist"
    assert not Case.objects.exists()


def test_an_image_is_re_encoded_without_what_rides_along(online):
    first = materials(online["remote"])[0]
    data = jpeg() + b"<?php evil(); ?>"
    case = apply(online, files=files_for(online["remote"]) | {first.pk: [upload(data, "a.jpg")]})
    stored = crypto.decrypt_bytes(case.online_uploads.get(line__material=first).content)
    assert stored.startswith(b"\xff\xd8\xff") and b"evil" not in stored


# --- the pre-check ----------------------------------------------------------------------


def test_accepted_after_the_precheck_the_clock_runs_from_acceptance(online):
    case = apply(online, now=at(2025, 9, 24))
    case = services.online_precheck(
        actor=online["clerk"], case=case, materials=checklist(case), now=at(2025, 9, 26)
    )
    assert case.status == CaseStatus.ACCEPTED and not case.deemed_accepted
    assert case.accepted_on == dt.date(2025, 9, 26)
    assert case.due_date == dt.date(2025, 10, 10)  # 5 working days after 26 Sep, past National Day
    assert list(case.documents.values_list("kind", flat=True)) == [DocumentKind.ACCEPTANCE]
    assert "予以受理" in pdf_text(bytes(case.documents.get().content))


def test_a_supplement_then_the_reupload_rechecks_only_what_was_wrong(online):
    case = apply(online, now=at(2025, 3, 3))
    wrong = materials(online["remote"])[1].name
    case = services.online_precheck(
        actor=online["clerk"],
        case=case,
        materials=checklist(case, **{wrong: "照片不清晰，请重新扫描"}),
        now=at(2025, 3, 4),
    )
    assert case.status == CaseStatus.SUPPLEMENT
    text = pdf_text(bytes(case.documents.get(kind=DocumentKind.SUPPLEMENT).content))
    assert wrong in text and "照片不清晰" in text and "网上补正" in text
    # Uploading again a material already accepted is refused; nothing written.
    accepted = materials(online["remote"])[0]
    with pytest.raises(ValidationFailed) as exc:
        services.online_resupply(
            case=case, files={accepted.pk: [upload(PDF)], materials(online["remote"])[1].pk: []}
        )
    assert exc.value.code == "material_already_accepted"
    line = case.materials.get(name=wrong)
    case = services.online_resupply(
        case=case, files={line.material_id: [upload(jpeg(), "new.jpg")]}, now=at(2025, 3, 6)
    )
    assert case.status == CaseStatus.PRECHECK and case.precheck_due == dt.date(2025, 3, 13)
    assert [m.name for m in online_selectors.lines_to_check(case)] == [wrong]
    # The checklist of the second round may name only that line.
    with pytest.raises(ValidationFailed) as exc:
        services.online_precheck(
            actor=online["clerk"],
            case=case,
            materials=[{"material": accepted.pk, "status": "provided"}],
        )
    assert exc.value.code == "material_already_accepted"
    case = services.online_precheck(
        actor=online["clerk"], case=case, materials=checklist(case), now=at(2025, 3, 7)
    )
    assert case.status == CaseStatus.ACCEPTED and case.accepted_on == dt.date(2025, 3, 7)
    assert case.materials.get(name=wrong).rounds == 2
    assert case.materials.get(pk=case.materials.get(material=accepted).pk).rounds == 1


def test_refused_with_its_reason_and_closed(online):
    case = apply(online)
    with pytest.raises(ValidationFailed):
        services.online_refuse(actor=online["clerk"], case=case, reason="  ")
    case = services.online_refuse(
        actor=online["clerk"], case=case, reason="申请事项不属于本机关职权范围"
    )
    assert case.status == CaseStatus.REFUSED and case.closed_at is not None
    assert case.documents.filter(kind=DocumentKind.REFUSAL).exists()
    with pytest.raises(Exception) as exc:
        services.online_refuse(actor=online["clerk"], case=case, reason="再次")
    assert getattr(exc.value, "code", "") == "invalid_transition"


def test_another_centres_clerk_can_neither_precheck_nor_read(online):
    case = apply(online)
    with pytest.raises(PermissionDenied):
        services.online_precheck(actor=online["other_clerk"], case=case, materials=checklist(case))
    with pytest.raises(PermissionDenied):
        online_selectors.online_case(online["other_clerk"], online["center"], case.number)
    with pytest.raises(NotFound):  # their own centre has no such case
        online_selectors.online_case(online["other_clerk"], online["other"], case.number)
    assert online_selectors.precheck_count(online["clerk"], online["center"]) == 1
    assert online_selectors.precheck_count(online["other_clerk"], online["other"]) == 0
    with pytest.raises(PermissionDenied):
        online_selectors.precheck_queue(online["reviewer"], online["center"])


# --- Art. 32 ------------------------------------------------------------------------------


def _official(start: dt.date, days: int) -> dt.date:
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= chinese_calendar.is_workday(day)
    return day


def test_a_supplement_asked_too_late_is_refused_and_the_sweep_deems_it_accepted(online):
    case = apply(online, now=at(2025, 9, 24))  # due 30 Sep
    wrong = materials(online["remote"])[1].name
    with pytest.raises(Conflict) as exc:
        services.online_precheck(
            actor=online["clerk"],
            case=case,
            materials=checklist(case, **{wrong: "不清晰"}),
            now=at(2025, 10, 10),
        )
    assert exc.value.code == "precheck_overdue"
    case.refresh_from_db()
    assert case.status == CaseStatus.PRECHECK
    assert services.cases_sweep(now=at(2025, 9, 30))["deemed"] == 0
    assert services.cases_sweep(now=at(2025, 10, 1))["deemed"] == 1
    assert services.cases_sweep(now=at(2025, 10, 1))["deemed"] == 0  # twice: once
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.deemed_accepted
    assert case.accepted_on == dt.date(2025, 9, 24)
    assert case.due_date == _official(dt.date(2025, 9, 24), 5)
    text = pdf_text(bytes(case.documents.get(kind=DocumentKind.ACCEPTANCE).content))
    assert "即为受理" in text and "2025年9月24日" in text
    assert Event.objects.filter(kind="case.deemed_accepted", aggregate_id=str(case.pk)).exists()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dates(min_value=dt.date(2024, 1, 2), max_value=dt.date(2025, 12, 10)))
def test_deemed_accepted_the_day_after_five_working_days(online, day):
    case = apply(online, now=at(day.year, day.month, day.day))
    due = _official(day, 5)
    assert case.precheck_due == due
    assert not services.online_deem_accepted(case=case, now=at(*due.timetuple()[:3], 17))
    after = due + dt.timedelta(days=1)
    assert services.online_deem_accepted(case=case, now=at(*after.timetuple()[:3], 1))
    case.refresh_from_db()
    assert case.deemed_accepted and case.accepted_on == day
    assert case.due_date == _official(day, 5)


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_leaves_one_application_in_each_state_and_runs_twice(online):
    from govhall.cases import online_demo

    clerk = online["clerk"].user
    clerk.username = "qzx_clerk2"
    clerk.save()
    online_demo.load({"SC-QZX": online["center"]})
    online_demo.load({"SC-QZX": online["center"]})
    cases = Case.objects.filter(source=Source.ONLINE)
    assert sorted(c.status for c in cases) == ["accepted", "accepted", "precheck", "supplement"]
    deemed = cases.get(deemed_accepted=True)
    assert deemed.accepted_on == timezone.localdate(deemed.received_at) and deemed.due_date
    for case in cases:  # every step after the receipt, none in the future
        steps = list(case.steps.values_list("at", flat=True))
        assert steps == sorted(steps) and steps[0] == case.received_at
        assert max(steps) <= dt.datetime.now(dt.UTC)

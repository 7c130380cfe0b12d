"""Archives to GB/T 18894 (001 6.5.1): 档号, retention, transfer, approved
destruction, fonts embedded, the applicant masked and its reveal audited."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from govhall.cases.archives import rules, services
from govhall.cases.archives.models import ArchiveFile, ArchiveState, DestructionState
from govhall.cases.tests.factories import NAME, PHONE, at, id_number, intake, person
from govhall.cases.tests.pdftext import pdf_fonts, pdf_text
from govhall.core import pdf
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog, Counter, Event, Role
from govhall.core.services import counter_next
from govhall.core.tests import factories as f

_fonds = itertools.count(1)


def _file(w, when=None, it=None, **kw) -> ArchiveFile:
    case = intake(w, it or w["instant"], now=when, **kw)
    return ArchiveFile.objects.get(archive__case=case)


def _supervisor(w):
    return f.actor(f.staff(Role.SUPERVISOR, district_=w["center"].district))


# --- numbering -------------------------------------------------------------------------------


def test_closing_gives_the_archive_its_number_retention_and_expiry(w):
    file = _file(w, at(2024, 3, 5))
    dept = w["lead"].code
    assert file.number == f"SJ-2024-D10-{dept}-0001"  # instant=D10 by the default rule
    assert rules.NUMBER_RE.match(file.number)
    assert (file.year, file.retention, file.piece) == (2024, "D10", 1)
    assert file.filed_on == dt.date(2024, 3, 5) and file.expires_on == dt.date(2035, 1, 1)
    assert file.state == ArchiveState.CUSTODY
    assert _file(w, at(2024, 3, 6)).number == f"SJ-2024-D10-{dept}-0002"
    ev = Event.objects.filter(kind="archive.numbered").last()
    assert ev.payload == {"number": f"SJ-2024-D10-{dept}-0002", "retention": "D10"}


def test_retention_by_item_then_mode_then_default(w):
    center = w["center"]
    center.settings = {
        "archives.retention_rules": f"promise=Y, {w['instant'].code}=D30, bad=X9, junk",
        "archives.retention_default": "D10",
    }
    center.save()
    it, promise, commit = w["instant"], w["promise"], w["commit"]
    assert rules.retention_for(center, item_code=it.code, approval_mode="instant") == "D30"
    assert rules.retention_for(center, item_code=promise.code, approval_mode="promise") == "Y"
    assert (
        rules.retention_for(center, item_code=commit.code, approval_mode="notify_commit") == "D10"
    )
    center.settings = {"archives.retention_default": "nonsense", "archives.retention_rules": ""}
    assert rules.retention_for(center, item_code="x", approval_mode="instant") == "D30"
    assert rules.expires_on(dt.date(2024, 1, 1), "Y") is None


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    draws=st.lists(
        st.tuples(
            st.sampled_from(["Y", "D30", "D10"]),
            st.sampled_from(["SHJ", "GA", "MZ_1"]),
            st.integers(2015, 2030),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_numbers_are_unique_gapless_per_counter_and_well_formed(db, draws):
    fonds = f"SC-T{next(_fonds)}"
    numbers, pieces = [], {}
    with transaction.atomic():
        for retention, dept, year in draws:
            parts = {"fonds": fonds, "year": year, "retention": retention, "department": dept}
            piece = counter_next(rules.counter_key(**parts))
            pieces.setdefault(rules.counter_key(**parts), []).append(piece)
            numbers.append(rules.archive_number(**parts, piece=piece))
    assert len(set(numbers)) == len(numbers)
    assert all(rules.NUMBER_RE.match(n) and n.startswith(fonds + "-") for n in numbers)
    for key, got in pieces.items():
        assert got == list(range(1, len(got) + 1))
        assert Counter.objects.get(key=key).value == len(got)


def test_a_rolled_back_close_gives_its_number_back(w):
    with pytest.raises(RuntimeError), transaction.atomic():
        _file(w, at(2024, 3, 5))
        raise RuntimeError
    assert _file(w, at(2024, 3, 5)).piece == 1


# --- the arithmetic --------------------------------------------------------------------------


@given(
    filed=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
    retention=st.sampled_from(["D30", "D10"]),
    custody=st.integers(0, 10),
)
def test_retention_runs_from_the_next_1_january(filed, retention, custody):
    years = {"D30": 30, "D10": 10}[retention]
    ends = rules.expires_on(filed, retention)
    assert ends == dt.date(filed.year + years + 1, 1, 1)
    # whole years kept: at least N years after filing, less than N + 1
    assert (ends - filed).days >= years * 365 and ends.year - filed.year == years + 1
    free = rules.custody_ends_on(filed.year, custody)
    assert (
        free > filed and free.year == filed.year + custody + 1 and (free.month, free.day) == (1, 1)
    )


def test_a_29_february_archive_runs_out_like_any_other_of_its_year():
    assert rules.expires_on(dt.date(2024, 2, 29), "D10") == dt.date(2035, 1, 1)
    assert rules.expires_on(dt.date(2024, 2, 29), "D30") == dt.date(2055, 1, 1)
    assert rules.expires_on(dt.date(2024, 12, 31), "D10") == dt.date(2035, 1, 1)


# --- transfer ----------------------------------------------------------------------------------


def test_transfer_of_archives_whose_custody_ended(w):
    old, new = _file(w, at(2024, 5, 6)), _file(w, at(2026, 5, 6))
    admin, now = w["admin"], at(2026, 6, 1)
    kwargs = {"actor": admin, "center": w["center"], "received_by": "档案室 王芳", "now": now}
    with pytest.raises(InvalidTransition) as exc:
        services.archive_transfer(
            numbers=[old.number, new.number], received_on=now.date(), **kwargs
        )
    assert exc.value.code == "not_transferable"
    assert not ArchiveFile.objects.exclude(state="custody").exists()
    batch = services.archive_transfer(numbers=[old.number], received_on=now.date(), **kwargs)
    old.refresh_from_db()
    assert old.state == ArchiveState.TRANSFERRED and old.transfer == batch
    assert batch.number == "YJ-SJ-2026-001" and batch.received_by == "档案室 王芳"
    text = pdf_text(bytes(batch.listing))
    assert old.number in text and "档案移交清单" in text and NAME not in text
    with pytest.raises(InvalidTransition):  # not twice
        services.archive_transfer(numbers=[old.number], received_on=now.date(), **kwargs)
    ev = Event.objects.get(kind="archive.transferred")
    assert ev.payload == {"batch": "YJ-SJ-2026-001", "count": 1}


@pytest.mark.parametrize(
    "numbers, received_by, received_on, field",
    [
        ([], "王芳", dt.date(2026, 6, 1), "archives"),
        ("SJ-2024", "王芳", dt.date(2026, 6, 1), "archives"),
        ([1, 2], "王芳", dt.date(2026, 6, 1), "archives"),
        (["NOPE-2024-D10-X-0001"], "王芳", dt.date(2026, 6, 1), "archives"),
        (None, "", dt.date(2026, 6, 1), "received_by"),
        (None, "王" * 41, dt.date(2026, 6, 1), "received_by"),
        (None, "王芳", "2026-06-01", "received_on"),
        (None, "王芳", dt.date(2026, 6, 2), "received_on"),  # after today
    ],
)
def test_transfer_bad_input_changes_nothing(w, numbers, received_by, received_on, field):
    file = _file(w, at(2024, 5, 6))
    with pytest.raises(ValidationFailed) as exc:
        services.archive_transfer(
            actor=w["admin"],
            center=w["center"],
            numbers=[file.number] if numbers is None else numbers,
            received_by=received_by,
            received_on=received_on,
            now=at(2026, 6, 1),
        )
    assert field in exc.value.fields
    assert ArchiveFile.objects.get().state == ArchiveState.CUSTODY


def test_another_centres_archive_cannot_be_transferred_or_read(w):
    theirs = _file(w, at(2024, 5, 6), center=w["other"], actor=w["other_clerk"])
    other_admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=w["other"]))
    with pytest.raises(ValidationFailed) as exc:
        services.archive_transfer(
            actor=w["admin"],
            center=w["center"],
            numbers=[theirs.number],
            received_by="王芳",
            received_on=dt.date(2026, 6, 1),
            now=at(2026, 6, 1),
        )
    assert exc.value.code == "unknown_archive"
    with pytest.raises(PermissionDenied):
        services.archive_applicant_reveal(actor=w["admin"], file=theirs)
    mine = _file(w, at(2024, 5, 6))
    with pytest.raises(PermissionDenied):
        services.archive_destruction_request(
            actor=other_admin, center=w["center"], numbers=[mine.number], note="期满"
        )


# --- destruction -------------------------------------------------------------------------------


def test_destruction_needs_expiry_and_a_second_person(w):
    expired, young = _file(w, at(2015, 4, 7)), _file(w, at(2024, 4, 8))
    admin, supervisor, now = w["admin"], _supervisor(w), at(2026, 6, 1)
    kwargs = {"center": w["center"], "note": "经鉴定已无保存价值", "now": now}
    with pytest.raises(InvalidTransition) as exc:
        services.archive_destruction_request(
            actor=admin, numbers=[expired.number, young.number], **kwargs
        )
    assert exc.value.code == "not_expired"
    with pytest.raises(ValidationFailed):
        services.archive_destruction_request(
            actor=admin, numbers=[expired.number], **{**kwargs, "note": " "}
        )
    req = services.archive_destruction_request(actor=admin, numbers=[expired.number], **kwargs)
    assert req.state == DestructionState.PENDING and req.number == "XH-SJ-2026-001"
    with pytest.raises(InvalidTransition):  # already asked
        services.archive_destruction_request(actor=admin, numbers=[expired.number], **kwargs)
    with pytest.raises(PermissionDenied) as exc:
        services.archive_destruction_decide(actor=admin, request=req, approve=True, now=now)
    assert exc.value.code == "same_person"
    with pytest.raises(ValidationFailed):
        services.archive_destruction_decide(actor=supervisor, request=req, approve="yes", now=now)
    expired.refresh_from_db()
    assert expired.state == ArchiveState.CUSTODY and bytes(expired.archive.package)

    services.archive_destruction_decide(
        actor=supervisor, request=req, approve=True, note="同意", now=now
    )
    expired.refresh_from_db()
    req.refresh_from_db()
    assert expired.state == ArchiveState.DESTROYED and expired.destroyed_at == now
    assert bytes(expired.archive.package) == b""  # the package is gone ...
    assert expired.archive.manifest["number"] and expired.archive.sha256  # ... the record stays
    assert req.state == DestructionState.APPROVED and req.decided_by == supervisor.user
    text = pdf_text(bytes(req.listing))
    assert "档案销毁清单" in text and expired.number in text and "经鉴定已无保存价值" in text
    with pytest.raises(InvalidTransition):
        services.archive_destruction_decide(actor=supervisor, request=req, approve=True, now=now)
    kinds = list(
        Event.objects.filter(kind__startswith="archive.destr").values_list("kind", flat=True)
    )
    assert kinds == ["archive.destruction_requested", "archive.destroyed"]
    young.refresh_from_db()
    assert young.state == ArchiveState.CUSTODY and bytes(young.archive.package)


def test_a_refused_destruction_leaves_the_archives_as_they_were(w):
    expired = _file(w, at(2015, 4, 7))
    second_admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=w["center"]))
    req = services.archive_destruction_request(
        actor=w["admin"],
        center=w["center"],
        numbers=[expired.number],
        note="期满",
        now=at(2026, 6, 1),
    )
    services.archive_destruction_decide(actor=second_admin, request=req, approve=False, note="再议")
    expired.refresh_from_db()
    assert expired.destruction is None and expired.state == ArchiveState.CUSTODY
    assert bytes(expired.archive.package)


# --- fonts, masking, the audited reveal --------------------------------------------------------


def test_every_archived_document_and_list_embeds_its_font(w):
    if pdf.FONT != pdf.EMBEDDED_FONT:
        pytest.skip("no TrueType CJK font on this machine (core.W001)")
    file = _file(w, at(2024, 5, 6))
    batch = services.archive_transfer(
        actor=w["admin"],
        center=w["center"],
        numbers=[file.number],
        received_by="王芳",
        received_on=dt.date(2026, 6, 1),
        now=at(2026, 6, 1),
    )
    docs = [bytes(d.content) for d in file.archive.case.documents.all()] + [bytes(batch.listing)]
    for body in docs:
        assert b"/FontFile2" in body
        fonts = pdf_fonts(body)
        assert fonts and all(embedded for _name, embedded in fonts), fonts


def test_the_register_masks_the_applicant_and_a_reveal_is_audited(w, client):
    file = _file(w, at(2024, 5, 6), applicant=person())
    client.force_login(w["admin"].user)
    base = f"/cases/center/{w['center'].code}/archives/"
    page = client.get(base, {"year": "2024", "retention": "D10", "state": "custody"})
    body = page.content.decode()
    assert page.status_code == 200 and file.number in body
    assert NAME not in body and id_number() not in body and PHONE not in body
    assert NAME[0] + "*" in body
    assert file.number not in client.get(base, {"year": "2023"}).content.decode()
    csv_body = client.get(base, {"export": "csv"}).content.decode("utf-8-sig")
    assert file.number in csv_body and NAME not in csv_body and id_number() not in csv_body
    book = load_workbook(io.BytesIO(client.get(base, {"export": "xlsx"}).content))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert file.number in cells and NAME not in cells
    assert not AuditLog.objects.filter(action="personal_data.revealed").exists()
    shown = client.post(f"{base}r/{file.number}/reveal/", follow=True).content.decode()
    assert NAME in shown and id_number() in shown
    log = AuditLog.objects.get(action="personal_data.revealed")
    assert log.detail == {"field": "archive_applicant", "archive": file.number}
    assert NAME not in client.get(base).content.decode()  # shown once only
    for ev in Event.objects.filter(kind__startswith="archive."):
        assert NAME not in str(ev.payload) and id_number() not in str(ev.payload)


def test_pages_refuse_bad_input_and_other_centres(w, client):
    file = _file(w, at(2024, 5, 6))
    code = w["center"].code
    client.force_login(w["admin"].user)
    bad = client.post(f"/cases/center/{code}/archives/transfer/", {"archive": [file.number]})
    assert bad.status_code == 422 and "请填写接收人" in bad.content.decode()
    assert ArchiveFile.objects.get().state == ArchiveState.CUSTODY
    odd = client.post(
        f"/cases/center/{code}/archives/destruction/", {"action": "decide", "request": "x"}
    )
    assert odd.status_code == 404
    early = client.post(
        f"/cases/center/{code}/archives/destruction/", {"archive": [file.number], "note": "期满"}
    )
    assert early.status_code == 409 and ArchiveFile.objects.get().destruction is None
    assert client.get(f"/cases/center/{code}/archives/", {"year": "20x4"}).status_code == 200
    client.force_login(f.staff(Role.CENTER_ADMIN, center_=w["other"]))
    assert client.get(f"/cases/center/{code}/archives/").status_code == 403
    client.force_login(w["admin"].user)
    other = w["other"].code
    assert client.post(f"/cases/center/{other}/archives/r/{file.number}/reveal/").status_code == 403
    assert client.get(f"/cases/center/{code}/archives/transfer/999/list.pdf").status_code == 404

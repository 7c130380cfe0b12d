"""Rectification tasks through their services: open → done → verified, refusals."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event
from govhall.core.tests.factories import actor
from govhall.standards.tasks import services
from govhall.standards.tasks.models import RectificationTask, TaskStatus

from .factories import png, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world()


def opened(w, **kw):
    args = dict(
        actor=actor(w["admin"]),
        center=w["center"],
        source="audit",
        ref="001/表3/1",
        title="补设咨询台",
        owner=w["clerk"],
        due=dt.date(2026, 12, 31),
    )
    args.update(kw)
    return services.task_open(**args)


def test_open_close_verify_the_whole_way(w):
    task = opened(w)
    assert task.status == TaskStatus.OPEN and task.created_by == w["admin"]
    services.task_close(actor=actor(w["clerk"]), task=task, note="已购置并摆放", evidence=png())
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == w["clerk"]
    assert task.evidence.name.endswith(".png") and task.evidence_type == "image/png"
    services.task_verify(actor=actor(w["supervisor"]), task=task, note="现场核实")
    task.refresh_from_db()
    assert task.status == TaskStatus.VERIFIED and task.verified_by == w["supervisor"]
    kinds = list(Event.objects.filter(aggregate_id=task.pk).values_list("kind", flat=True))
    assert "rectification_task.opened" in kinds and "rectification_task.verified" in kinds


def test_refused_verification_reopens_and_nobody_verifies_their_own(w):
    task = opened(w, owner=None)
    services.task_close(actor=actor(w["admin"]), task=task, note="已整改")
    with pytest.raises(PermissionDenied) as e:
        services.task_verify(actor=actor(w["admin"]), task=task)
    assert e.value.code == "verify_own"
    with pytest.raises(ValidationFailed):  # a refusal says why
        services.task_verify(actor=actor(w["supervisor"]), task=task, accept=False)
    services.task_verify(actor=actor(w["supervisor"]), task=task, accept=False, note="照片不清")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.closed_by is None
    with pytest.raises(InvalidTransition):
        services.task_verify(actor=actor(w["supervisor"]), task=task)


def test_refusals(w):
    with pytest.raises(PermissionDenied):
        opened(w, actor=actor(w["clerk"]))
    with pytest.raises(PermissionDenied):
        opened(w, actor=actor(w["other_admin"]))
    with pytest.raises(ValidationFailed):
        opened(w, title=" ")
    with pytest.raises(ValidationFailed):
        opened(w, title="长" * 201)
    with pytest.raises(ValidationFailed):
        opened(w, source="nonsense")
    with pytest.raises(ValidationFailed) as e:
        opened(w, owner=w["other_admin"])
    assert e.value.code == "owner_not_staff"
    task = opened(w, owner=None)
    with pytest.raises(PermissionDenied):  # not the owner, no standards.manage
        services.task_close(actor=actor(w["clerk"]), task=task, note="x")
    fake = SimpleUploadedFile("a.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationFailed) as e:
        services.task_close(actor=actor(w["admin"]), task=task, note="x", evidence=fake)
    assert e.value.code == "file_type"
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and not task.evidence


def test_ensure_is_idempotent_and_system_may_open(w):
    a, created = services.task_ensure(
        actor=None, center=w["center"], source="upkeep", ref="asset:7", title="空调未保养"
    )
    b, again = services.task_ensure(
        actor=None, center=w["center"], source="upkeep", ref="asset:7", title="空调未保养"
    )
    assert created and not again and a.pk == b.pk
    assert RectificationTask.objects.filter(center=w["center"]).count() == 1

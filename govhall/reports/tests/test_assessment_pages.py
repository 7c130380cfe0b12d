# ruff: noqa: F811 (the world fixture is imported, pytest passes it by name)
"""The assessment pages through the test client: bad input answered 4xx with
nothing written, another centre's objects 404, the lead's page scoped."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from govhall.reports.assessment import services
from govhall.reports.assessment.models import AssessmentRun, AssessmentScheme, Objection

from .assessment_world import MONTH, aw, world  # noqa: F401

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC)


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def url(name, center, *args):
    return reverse(f"reports:{name}", args=[center.code, *args])


def test_bad_input(aw):
    admin = client_for(aw["admin"])
    center = aw["center"]
    for month in ("", "2026-13", "2026-1", "x" * 500, "2099-01"):
        response = admin.post(url("assessment_run", center), {"month": month})
        assert response.status_code == 422, month
    assert not AssessmentRun.objects.exists()
    for data in (
        {},
        {
            "quality": "40",
            "efficiency": "30",
            "attendance": "20",
            "training": "11",
            "objection_days": "5",
        },
        {
            "quality": "4" * 60,
            "efficiency": "30",
            "attendance": "20",
            "training": "10",
            "objection_days": "5",
        },
        {
            "quality": "40",
            "efficiency": "30",
            "attendance": "20",
            "training": "10",
            "objection_days": "99",
        },
    ):
        response = admin.post(url("assessment_scheme", center), data)
        assert response.status_code == 422
    assert not AssessmentScheme.objects.exists()
    assert admin.get(url("assessment_manage", center) + "?month=garbage").status_code == 200

    # Steps out of order: finalize a draft, answer a missing objection.
    response = admin.post(url("assessment_run", center), {"month": str(MONTH)})
    assert response.status_code == 302
    run = AssessmentRun.objects.get()
    assert admin.post(url("assessment_finalize", center, run.pk)).status_code == 409
    assert admin.post(url("assessment_answer", center, 999999)).status_code == 404
    assert admin.post(url("assessment_publish", center, run.pk)).status_code == 302
    assert admin.post(url("assessment_publish", center, run.pk)).status_code == 409


def test_objection_through_the_page(aw):
    run = services.assessment_run(actor=aw["actor"], center=aw["center"], month=MONTH, now=NOW)
    services.assessment_publish(actor=aw["actor"], run=run)
    clerk = client_for(aw["a"])
    page = clerk.get(url("assessment_public", aw["center"]))
    assert page.status_code == 200 and "提出异议" in page.content.decode()
    mine = run.results.get(user=aw["a"])
    theirs = run.results.get(user=aw["b"])
    assert (
        clerk.post(url("assessment_object", aw["center"], theirs.pk), {"reason": "x"}).status_code
        == 403
    )
    assert (
        clerk.post(url("assessment_object", aw["center"], mine.pk), {"reason": ""}).status_code
        == 422
    )
    assert (
        clerk.post(url("assessment_object", aw["center"], mine.pk), {"reason": "理由"}).status_code
        == 302
    )
    assert (
        clerk.post(url("assessment_object", aw["center"], mine.pk), {"reason": "again"}).status_code
        == 409
    )
    objection = Objection.objects.get()
    admin = client_for(aw["admin"])
    bad = admin.post(
        url("assessment_answer", aw["center"], objection.pk),
        {"decision": "uphold", "answer": "ok", "adjustment": "abc"},
    )
    assert bad.status_code == 422
    ok = admin.post(
        url("assessment_answer", aw["center"], objection.pk),
        {"decision": "reject", "answer": "考勤记录无误"},
    )
    assert ok.status_code == 302


def test_other_centre_and_lead_scoping(aw):
    other = world("o_")
    run = services.assessment_run(actor=aw["actor"], center=aw["center"], month=MONTH, now=NOW)
    foreign = client_for(other["admin"])
    assert foreign.get(url("assessment_manage", aw["center"])).status_code == 403
    assert foreign.post(url("assessment_publish", aw["center"], run.pk)).status_code == 403
    # Their own centre's URL with this centre's run: not found there.
    assert foreign.post(url("assessment_publish", other["center"], run.pk)).status_code == 404
    assert client_for(other["a"]).get(url("assessment_public", aw["center"])).status_code == 403
    mine = run.results.get(user=aw["a"])
    response = client_for(other["a"]).post(
        url("assessment_object", other["center"], mine.pk), {"reason": "x"}
    )
    assert response.status_code == 404

    services.assessment_publish(actor=aw["actor"], run=run, now=NOW)
    run.refresh_from_db()
    late = dt.datetime.combine(run.objection_until + dt.timedelta(days=1), dt.time(9), dt.UTC)
    services.assessment_finalize(actor=aw["actor"], run=run, now=late)
    lead = client_for(aw["lead"])
    page = lead.get(url("assessment_department", aw["center"])).content.decode()
    assert "乙" in page and "甲" not in page and "丙" not in page
    assert client_for(aw["a"]).get(url("assessment_department", aw["center"])).status_code == 403

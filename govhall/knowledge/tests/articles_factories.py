"""Factories of the knowledge base and Q&A tests: a centre with two
departments' items published through the catalog workflow, the department's
reviewer (knowledge.draft) and the centre admin (knowledge.manage)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from govhall.catalog.tests.factories import published_item
from govhall.core.models import CenterLevel, Role
from govhall.core.tests import factories as f
from govhall.knowledge.articles import services


def article_data(**overrides) -> dict:
    return {
        "kind": "qa",
        "title": "社保卡丢了怎么挂失？",
        "questions": "社保卡丢了怎么办\n社保卡挂失",
        "answer": "先拨打 12333 挂失，再带身份证到窗口补办。",
        "review_by": timezone.localdate() + dt.timedelta(days=180),
        "change_summary": "",
        **overrides,
    }


def build_world() -> dict:
    d = f.district("SC", "松川区")
    center = f.center(d, code="SC-QZX", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    other = f.center(d, code="SC-YX")
    rsj = f.department(d, code="RSJ")
    crj = f.department(d, code="CRJ")
    card = published_item(
        rsj,
        center,
        other,
        code="RSJ-0005",
        domain="social_security",
        name="社会保障卡申领及补换",
        approval_mode="instant",
        statutory_days=0,
        committed_days=0,
        fee="首次申领不收费",
    )
    card.aliases = "社保卡、社保卡补办、社保卡挂失"
    card.save()
    passport = published_item(
        crj,
        center,
        code="CRJ-0001",
        domain="exit_entry",
        name="普通护照签发",
        committed_days=7,
        statutory_days=15,
        fee="每本120元",
    )
    passport.aliases = "护照、办护照、出国"
    passport.save()
    return {
        "center": center,
        "other": other,
        "rsj": rsj,
        "crj": crj,
        "card": card,
        "passport": passport,
        "writer": f.actor(f.staff(Role.REVIEWER, center_=center, department_=rsj)),
        "crj_writer": f.actor(f.staff(Role.REVIEWER, center_=center, department_=crj)),
        "admin": f.actor(f.staff(Role.CENTER_ADMIN, center_=center)),
        "other_admin": f.actor(f.staff(Role.CENTER_ADMIN, center_=other)),
        "clerk": f.actor(f.staff(Role.CLERK, center_=center)),
    }


@pytest.fixture
def kb(db):
    return build_world()


def published_article(w: dict, **overrides):
    version = services.article_create(
        actor=w["writer"],
        center=w["center"],
        department=w["rsj"],
        data=article_data(**overrides),
        items=["RSJ-0005"],
    )
    services.article_submit(actor=w["writer"], version=version)
    return services.article_publish(actor=w["admin"], version=version)

"""Training in chromium: the centre admin logs in through /login/, arranges a
session (the uncovered-window warning, then the confirmation), writes an exam
and publishes it; the clerk logs in, takes it on the touch-sized page and sees
the score. A screenshot of every training page under docs/screenshots/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.models import User
from govhall.demo.loader import DEMO_PASSWORD
from govhall.staff.training.models import Attempt, Exam, TrainingSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

C = "SC-QZX"


def _login(browser, base, username, **context):
    context.setdefault("viewport", {"width": 1280, "height": 900})
    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def _next_wednesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)


def test_admin_arranges_and_examines_the_clerk_takes_the_exam(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    clerk1 = User.objects.get(username="qzx_clerk1")
    clerk2 = User.objects.get(username="qzx_clerk2")

    admin = _login(browser, base, "qzx_admin")
    expect(admin.locator('.bench a.card[data-key="training.sessions"]')).to_be_visible()
    admin.goto(f"{base}/staff/{C}/training/")
    expect(admin.locator("h1")).to_contain_text("培训计划")
    expect(admin.locator('tr[data-month="2026-11"]')).to_contain_text("一网通办")
    screenshot(admin, "training-plan")

    # A session in working hours for both posts of windows 1 and 2: warned, then confirmed.
    admin.goto(f"{base}/staff/{C}/training/sessions/new/")
    admin.fill("input[name=topic]", "不动产登记新规解读")
    admin.select_option("select[name=kind]", "policy")
    admin.fill("input[name=trainer]", "区规划资源局 顾科长")
    admin.fill("input[name=place]", "中心三楼培训室")
    admin.fill("input[name=day]", _next_wednesday().isoformat())
    admin.fill("input[name=start]", "10:00")
    admin.fill("input[name=end]", "11:00")
    admin.check("input[name=audience][value=people]")
    admin.check(f"input[name=people][value='{clerk1.pk}']")
    admin.check(f"input[name=people][value='{clerk2.pk}']")
    admin.click("form.tform button[type=submit]")
    expect(admin.locator(".uncovered")).to_contain_text("无人值守")
    screenshot(admin, "training-session-uncovered")
    assert not TrainingSession.objects.filter(topic="不动产登记新规解读").exists()
    admin.check("input[name=confirm_uncovered]")
    admin.click("form.tform button[type=submit]")
    expect(admin.locator("h1")).to_contain_text("不动产登记新规解读")
    session = TrainingSession.objects.get(topic="不动产登记新规解读")
    assert session.invitations.count() == 2 and session.uncovered_confirmed

    admin.goto(f"{base}/staff/{C}/training/sessions/")
    screenshot(admin, "training-sessions")
    nov = TrainingSession.objects.get(topic__contains="一网通办")
    admin.goto(f"{base}/staff/{C}/training/sessions/{nov.pk}/")
    expect(admin.locator("table.attendance")).to_contain_text("张伟")
    screenshot(admin, "training-session")

    # The exam: two questions, published to clerk 1.
    admin.goto(f"{base}/staff/{C}/training/sessions/{session.pk}/")
    admin.click("text=为本场培训组织考试")
    admin.fill("input[name=title]", "不动产登记新规测验")
    admin.fill("input[name=pass_mark]", "60")
    admin.fill("input[name=time_limit_minutes]", "15")
    admin.click("form.tform button[type=submit]")
    expect(admin.locator("#question-form")).to_be_visible()
    admin.select_option("select[name=kind]", "single")
    admin.fill("textarea[name=text]", "不动产登记申请材料不齐全时，窗口应当：")
    admin.fill("textarea[name=options]", "直接退回\n一次性告知需补正的全部材料\n先受理再说")
    admin.fill("input[name=correct]", "B")
    admin.click("#question-form button[type=submit]")
    expect(admin.locator(".question")).to_have_count(1)
    admin.select_option("select[name=kind]", "true_false")
    admin.fill("textarea[name=text]", "申请人可以委托他人代为办理不动产登记。")
    admin.fill("input[name=correct]", "A")
    admin.click("#question-form button[type=submit]")
    expect(admin.locator(".question")).to_have_count(2)
    admin.check(f"#publish-form input[name=candidates][value='{clerk1.pk}']")
    screenshot(admin, "training-exam-editor")
    admin.click("#publish-form button[type=submit]")
    expect(admin.locator("h1 .tag")).to_contain_text("考试中")
    exam = Exam.objects.get(title="不动产登记新规测验")
    assert exam.status == "open" and exam.candidates.get().user == clerk1

    admin.goto(f"{base}/staff/{C}/training/exams/")
    screenshot(admin, "training-exams")
    demo_exam = Exam.objects.get(session=nov)
    admin.goto(f"{base}/staff/{C}/training/exams/{demo_exam.pk}/results/")
    expect(admin.locator(f'tr[data-user="{clerk2.pk}"]')).to_contain_text("通过")
    screenshot(admin, "training-results")
    admin.goto(f"{base}/staff/{C}/training/records/")
    expect(admin.locator("#probation")).to_contain_text("林思雨")
    screenshot(admin, "training-records")
    admin.context.close()

    # The clerk, on a touchscreen-sized page.
    clerk = _login(
        browser, base, "qzx_clerk1", viewport={"width": 820, "height": 1180}, has_touch=True
    )
    card = clerk.locator('.bench a.card[data-key="training.mine"]')
    expect(card.locator(".count")).to_have_text("1")
    card.click()
    expect(clerk.locator(f'.exam-card[data-exam="{exam.pk}"]')).to_be_visible()
    screenshot(clerk, "training-mine")
    clerk.locator(f'.exam-card[data-exam="{exam.pk}"] a.big-button').click()
    clerk.click("button.big-button")  # 开始考试
    expect(clerk.locator(".paper-question")).to_have_count(2)
    assert "is_correct" not in clerk.content()
    clerk.locator(".option", has_text="一次性告知需补正的全部材料").tap()
    clerk.locator(".paper-question").nth(1).locator(".option", has_text="正确").tap()
    screenshot(clerk, "training-take")
    clerk.click("form.paper button[type=submit]")
    expect(clerk.locator(".score")).to_contain_text("100")
    screenshot(clerk, "training-attempt")
    attempt = Attempt.objects.get(candidate__exam=exam)
    assert (attempt.score, attempt.passed) == (100, True)
    clerk.goto(f"{base}/staff/{C}/training/mine/")
    expect(clerk.locator(f'.exam-card[data-exam="{exam.pk}"]')).to_contain_text("已通过")
    clerk.context.close()

"""Online human service (4.6.2): a citizen's question in the live queue, taken
by one member of staff (the first responder of its enquiry), answered, closed;
the citizen's page by its token; posts throttled."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event, Role

from ..chat import selectors, services
from ..chat.models import ChatSession, ChatStatus
from ..enquiries.models import EnquiryStatus
from .enquiry_factories import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kw(db):
    return world()


def test_take_answer_close_becomes_a_closed_online_enquiry(kw):
    s = services.chat_start(center=kw["center"], question="居住证要本人到场吗？")
    assert list(selectors.queue(kw["center"])) == [s] and len(s.token) >= 30
    services.chat_citizen_post(session=s, text="我在外地上班。")
    reception, hotline = kw["actors"][Role.RECEPTION], kw["actors"][Role.HOTLINE]
    s = services.chat_take(actor=reception, session=s)
    assert s.status == ChatStatus.TAKEN and s.enquiry.channel == "online"
    assert s.enquiry.first_responder == kw[Role.RECEPTION] and s.enquiry.origin == "chat"
    assert s.enquiry.question == "居住证要本人到场吗？"
    with pytest.raises(InvalidTransition):
        services.chat_take(actor=hotline, session=s)
    with pytest.raises(PermissionDenied):
        services.chat_reply(actor=hotline, session=s, text="我来答")
    with pytest.raises(ValidationFailed):
        services.chat_close(actor=reception, session=s)  # nothing answered yet
    services.chat_reply(actor=reception, session=s, text="首次申领须本人到场采集信息。")
    s = services.chat_close(actor=reception, session=s)
    s.enquiry.refresh_from_db()
    assert s.status == ChatStatus.CLOSED and s.enquiry.status == EnquiryStatus.CLOSED
    assert s.enquiry.answer == "首次申领须本人到场采集信息。"
    with pytest.raises(InvalidTransition):
        services.chat_citizen_post(session=s, text="谢谢")
    for ev in Event.objects.filter(kind__startswith="chat."):
        assert set(ev.payload) == {"chat", "status"}


@pytest.mark.parametrize("bad", ["", "   ", "。。。？？", "长" * 1000, None])
def test_bad_questions_are_refused(kw, bad):
    with pytest.raises(ValidationFailed):
        services.chat_start(center=kw["center"], question=bad)
    assert not ChatSession.objects.exists()


def test_citizen_pages_by_token_and_the_staff_queue(kw):
    c, code = Client(), kw["center"].code
    start = reverse("knowledge:chat_start", args=[code])
    assert "社保卡" in c.get(start + "?q=社保卡补办").content.decode()
    r = c.post(start, {"question": "！！！"})
    assert r.status_code == 422 and not ChatSession.objects.exists()
    r = c.post(start, {"question": "公积金提取要多久？"})
    s = ChatSession.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("knowledge:chat_room", args=[s.token])
    assert c.get(reverse("knowledge:chat_room", args=["x" * 32])).status_code == 404
    assert c.get(reverse("knowledge:chat_room", args=[str(s.pk)])).status_code == 404
    staff = Client()
    staff.force_login(kw[Role.HOTLINE])
    queue = staff.get(reverse("knowledge:chat_queue", args=[code])).content.decode()
    assert "公积金提取要多久" in queue
    staff.post(reverse("knowledge:chat_take", args=[code, s.pk]))
    staff.post(
        reverse("knowledge:chat_reply", args=[code, s.pk]), {"text": "审核通过后3个工作日到账。"}
    )
    thread = c.get(reverse("knowledge:chat_room_thread", args=[s.token])).content.decode()
    assert "3个工作日到账" in thread and 'data-chat-status="taken"' in thread
    # Another centre's staff cannot take part.
    other = Client()
    other.force_login(kw["other_clerk"])
    assert other.get(reverse("knowledge:chat_desk", args=[code])).status_code == 403
    assert c.get(reverse("knowledge:chat_start", args=["NOPE"])).status_code == 404


@override_settings(GOVHALL_WEB_FORM_RATE="3/m")
def test_citizen_posts_are_throttled(kw):
    c, start = Client(), reverse("knowledge:chat_start", args=[kw["center"].code])
    codes = [c.post(start, {"question": f"问题{n}"}).status_code for n in range(5)]
    assert codes[:3] == [302, 302, 302] and codes[3:] == [429, 429]
    assert ChatSession.objects.count() == 3

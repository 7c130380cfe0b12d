"""The 投诉受理回执单: rendered, its text read back, and an image of it kept in
docs/screenshots/ for a person to look at (Chinese renders, nothing overlaps)."""

import pytest

from govhall.cases.tests.pdftext import pdf_text
from govhall.conftest import pdf_screenshot
from govhall.core.actors import ANONYMOUS
from govhall.feedback.documents import receipt_pdf
from govhall.feedback.services import complaints as services

from .complaint_factories import CONTENT, NAME, PHONE, at, receive, world


@pytest.fixture
def w(db):
    return world()


def test_window_receipt_has_number_date_and_masked_contact(w):
    complaint = receive(w, channel="window", now=at(2025, 9, 30, 15, 20))
    pdf = receipt_pdf(complaint)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert complaint.number in text
    assert "2025年10月14日" in text  # the promised date, across National Day
    assert "投诉受理回执单" in text and w["center"].name in text
    assert "投诉协调窗口" in text and w["subject_user"].staff_number in text
    assert "021-12345678" in text and "12345" in text
    assert "139****5678" in text and "李**" in text
    assert PHONE not in text and NAME not in text
    assert CONTENT[:12] in text
    assert "已作部分隐藏处理" in text
    assert w["reception_user"].staff_number in text
    assert complaint.receipt_token in text  # the printed follow-up address
    assert pdf_screenshot(pdf, "complaint-receipt-window").stat().st_size > 10_000


def test_online_and_hotline_receipts(w):
    long_text = "窗口工作人员说话不耐烦，" * 60
    online = services.complaint_receive(
        actor=ANONYMOUS,
        center=w["center"],
        channel="online",
        content=long_text,
        now=at(2025, 3, 3),
    )
    text = pdf_text(receipt_pdf(online))
    assert online.number in text and "2025年3月10日" in text
    assert "未留姓名" in text and "未留电话" in text
    assert "……" in text and len(long_text) > 300  # the summary is cut, the page stays one
    hotline = receive(w, channel="hotline", actor=w["integration"], hotline_ref="GD0001")
    pdf = receipt_pdf(hotline)
    assert "GD0001" in pdf_text(pdf)
    pdf_screenshot(pdf, "complaint-receipt-hotline")
    pdf_screenshot(receipt_pdf(online), "complaint-receipt-online")

"""Every notice as a PDF with the right Chinese text, the case number and check
code, and personal data masked."""

from govhall.cases import services
from govhall.cases.models import Document, DocumentKind
from govhall.cases.tests.factories import NAME, at, company, id_number, intake
from govhall.cases.tests.pdftext import pdf_fonts, pdf_lines, pdf_text


def text_of(case, kind):
    doc = case.documents.filter(kind=kind).order_by("-id").first()
    pdf = bytes(doc.content)
    assert pdf.startswith(b"%PDF")
    # An archived notice renders the same everywhere: every font is embedded.
    fonts = pdf_fonts(pdf)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    text = pdf_text(pdf)
    assert str(DocumentKind(kind).label) in text
    assert case.number in text and case.check_code in text
    assert id_number() not in text and "13812345678" not in text
    return text


def test_acceptance_notice(w):
    case = intake(w, w["promise"], now=at(2025, 1, 24))
    text = text_of(case, DocumentKind.ACCEPTANCE)
    assert "申请材料齐全、符合法定形式" in text and "第三十二条" in text
    assert "承诺办结时限为5个工作日" in text and "2025年2月7日" in text
    assert f"{NAME}（证件号码：310***********" in text and "138****5678" in text


def test_one_time_notice_names_every_missing_or_wrong_material(w):
    case = intake(
        w,
        w["promise"],
        overrides={"经营场所证明": ("missing", ""), "申请表": ("wrong", "未在第二页签字")},
    )
    text = text_of(case, DocumentKind.SUPPLEMENT)
    wanted, _sep, kept = text.partition("以下材料已收取")
    assert "经营场所证明缺少" in wanted and "申请表不符合要求未在第二页签字" in wanted
    assert "产权证明或租赁合同" in wanted  # the guide's own note on what is needed
    assert "卫生许可证明" not in wanted and "卫生许可证明" in kept


def test_refusal_notice_gives_the_legal_reason(w):
    case = intake(
        w, w["promise"], materials=[], refusal_reason="不属于本机关职权范围", applicant=company()
    )
    text = text_of(case, DocumentKind.REFUSAL)
    assert "不属于本机关职权范围" in text and "行政复议" in text and "行政诉讼" in text
    assert "上海测试餐饮管理有限公司（统一社会信用代码：91310117" in text


def test_commitment_suspension_extension_revocation_and_completion(w):
    c = intake(
        w,
        w["commit"],
        overrides={"卫生许可证明": ("missing", "")},
        commitment=True,
        now=at(2025, 3, 3),
    )
    text = text_of(c, DocumentKind.COMMITMENT)
    assert "郑重承诺" in text and "纳入诚信体系" in text
    assert "承诺于2025年3月31日前补交以下材料" in text and "卫生许可证明" in text
    services.cases_sweep(now=at(2025, 4, 1))
    c.refresh_from_db()
    text = text_of(c, DocumentKind.REVOCATION)
    assert "依法撤销" in text and "卫生许可证明" in text

    case = intake(w, w["promise"], now=at(2025, 9, 26))
    services.case_suspend(
        expected_days=10,
        actor=w["reviewer"],
        case=case,
        kind="hearing",
        reason="涉及相邻权人重大利益",
        now=at(2025, 9, 29),
    )
    text = text_of(case, DocumentKind.SUSPENSION)
    assert "听证" in text and "第四十五条" in text and "2025年9月29日起暂停计算" in text
    services.case_extension_request(actor=w["reviewer"], case=case, reason="听证后需补充审查")
    services.case_extension_approve(actor=w["reviewer2"], case=case, now=at(2025, 9, 30))
    text = text_of(case, DocumentKind.EXTENSION)
    assert "第四十二条" in text and "延长10个工作日" in text and "另行告知" in text
    case = services.case_resume(actor=w["reviewer"], case=case, now=at(2025, 10, 10))
    case = services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="同意")
    case = services.case_deliver(
        actor=w["clerk"],
        case=case,
        collector_name=NAME,
        collector_id_number=id_number(),
        signature="signed",
    )
    text = text_of(case, DocumentKind.COMPLETION)
    assert "准予" in text and "窗口领取" in text and "已核验本人或登记代办人证件" in text


def test_no_line_starts_with_closing_punctuation(w):
    # The reason is long enough that ReportLab's own list of characters that
    # cannot start a line (it lacks "，") put a comma first on the third line.
    case = intake(w, w["promise"])
    services.case_extension_request(actor=w["reviewer"], case=case, reason="专家评审意见需补充论证")
    services.case_extension_approve(actor=w["reviewer2"], case=case)
    for doc in Document.objects.filter(case=case):
        lines = pdf_lines(bytes(doc.content))
        assert len(lines) > 10
        assert not [line for line in lines if line[:1] in "，；：！？》”’。、）"]

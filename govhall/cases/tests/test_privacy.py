"""Personal data never reaches an event payload, the audit log or a log line."""

import logging

from govhall.cases import services
from govhall.cases.tests.factories import NAME, PHONE, at, company, id_number, intake
from govhall.core.models import AuditLog, Event


def test_no_personal_data_in_events_audit_or_logs(w, caplog):
    caplog.set_level(logging.DEBUG)
    case = intake(
        w, w["promise"], now=at(2025, 3, 3), delivery={"method": "post", "address": "荣乐东路1号"}
    )
    services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="同意")
    services.case_deliver(actor=w["clerk"], case=case, tracking_number="EMS123")
    kept = intake(
        w,
        w["commit"],
        overrides={"申请表": ("missing", "")},
        commitment=True,
        applicant=company(),
        now=at(2025, 3, 3),
    )
    services.cases_sweep(now=at(2025, 4, 30))
    secrets = (NAME, id_number(), PHONE, "荣乐东路", "上海测试餐饮")
    blobs = [str(e.payload) for e in Event.objects.all()]
    blobs += [str(a.detail) for a in AuditLog.objects.all()]
    blobs.append(caplog.text)
    for blob in blobs:
        for secret in secrets:
            assert secret not in blob
    assert Event.objects.filter(kind="case.revoked", aggregate_id=str(kept.pk)).exists()

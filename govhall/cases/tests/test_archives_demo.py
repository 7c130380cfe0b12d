"""The demo's archives (loaded at SC-QZX by govhall/demo/loader.py; here in the
test world, the full demo load being slow): numbered, two transfer batches, a
2024 lot due for transfer, an expired D10 archive waiting for approval."""

import datetime as dt

from django.utils import timezone

from govhall.cases.archives import selectors
from govhall.cases.archives.demo import load
from govhall.cases.archives.models import ArchiveFile, DestructionRequest, TransferBatch


def test_demo_archives(w):
    center = w["center"]
    load(center, clerk=w["clerk"], admin=w["admin"])
    load(center, clerk=w["clerk"], admin=w["admin"])  # twice: nothing more
    files = ArchiveFile.objects.filter(center=center)
    assert files.count() == 8
    assert set(files.values_list("year", flat=True)) == {2015, 2019, 2020, 2021, 2022, 2023, 2024}
    assert [b.files.count() for b in TransferBatch.objects.order_by("created_at")] == [1, 5]
    today = timezone.localdate()
    assert [f.year for f in selectors.transferable(center, today)] == [2024, 2024]
    pending = DestructionRequest.objects.get(state="pending")
    (doomed,) = pending.files.all()
    assert doomed.retention == "D10" and doomed.expires_on == dt.date(2026, 1, 1)
    assert all(f.filed_on <= today for f in files)
    assert all(b.received_on <= b.created_at.date() for b in TransferBatch.objects.all())

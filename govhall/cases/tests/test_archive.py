"""A closed case is archived as an immutable package: manifest and documents."""

import hashlib
import io
import json
import zipfile

import pytest

from govhall.cases.models import Archive, Document
from govhall.cases.tests.factories import NAME, PHONE, id_number, intake
from govhall.core.errors import InvalidTransition


def test_closing_archives_manifest_and_documents(w):
    case = intake(w, w["instant"])
    archive = Archive.objects.get(case=case)
    package = bytes(archive.package)
    assert hashlib.sha256(package).hexdigest() == archive.sha256
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        for entry in manifest["documents"]:
            assert hashlib.sha256(zf.read(entry["file"])).hexdigest() == entry["sha256"]
    assert names == [
        "manifest.json",
        "documents/01-decision_grant.pdf",
        "documents/02-completion.pdf",
    ]
    assert manifest == archive.manifest
    assert manifest["number"] == case.number and manifest["item"]["version"] == 1
    assert [s["step"] for s in manifest["steps"]][-1] == "completed"
    text = json.dumps(manifest, ensure_ascii=False)
    assert NAME not in text and PHONE not in text and id_number() not in text
    assert manifest["applicant"]["identifier"].startswith("310***")


def test_archive_and_documents_cannot_change(w):
    case = intake(w, w["instant"])
    archive = case.archive
    archive.sha256 = "0" * 64
    with pytest.raises(InvalidTransition):
        archive.save()
    with pytest.raises(InvalidTransition):
        archive.delete()
    doc = Document.objects.get(case=case, kind="completion")
    doc.content = b"%PDF forged"
    with pytest.raises(InvalidTransition):
        doc.save()
    assert bytes(Document.objects.get(pk=doc.pk).content).startswith(b"%PDF-1.4")


def test_open_cases_are_not_archived(w):
    case = intake(w, w["promise"])
    assert not Archive.objects.filter(case=case).exists()

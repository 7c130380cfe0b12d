"""Finding 4 of issue 10: ten wrong check codes from anywhere blocked the
applicant's own right code for an hour. Wrong codes now count per (address,
case number) and per address; a right code from another address still works."""

import pytest
from django.test import override_settings

from govhall.cases.tests.test_api import api, body  # noqa: F401 (fixture)

STRANGER = "203.0.113.7"
APPLICANT = "198.51.100.20"


def _progress(client, number, code, address):
    return client.get(f"/api/v1/cases/progress/{number}", {"check_code": code}, REMOTE_ADDR=address)


@pytest.fixture
def case(api):  # noqa: F811
    return api["call"]("post", "/api/v1/cases", body(api)).json()


@override_settings(GOVHALL_PROGRESS_FAILURES_PER_CASE=10)
def test_a_stranger_guessing_does_not_lock_out_the_applicant(client, case):
    number, code = case["number"], case["check_code"]
    for n in range(10):
        assert _progress(client, number, f"{n:08d}x", STRANGER).status_code == 404
    # As found: the eleventh try, even the right code, was refused for everyone.
    locked = _progress(client, number, code, STRANGER)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert locked.json()["error"]["message"]
    mine = _progress(client, number, code, APPLICANT)
    assert mine.status_code == 200 and mine.json()["number"] == number


@override_settings(GOVHALL_PROGRESS_FAILURES_PER_CASE=1000, GOVHALL_PROGRESS_FAILURES_PER_ADDRESS=5)
def test_guessing_across_case_numbers_is_capped_per_address(client, case):
    for n in range(5):
        assert _progress(client, f"SJ-NOPE-{n}", "00000000", STRANGER).status_code == 404
    assert _progress(client, case["number"], case["check_code"], STRANGER).status_code == 429
    assert _progress(client, case["number"], case["check_code"], APPLICANT).status_code == 200


@override_settings(GOVHALL_PROGRESS_FAILURES_PER_CASE=3)
def test_the_web_page_counts_the_same_way(client, case):
    url = "/cases/progress/"
    number, code = case["number"], case["check_code"]
    for n in range(3):
        page = client.post(url, {"number": number, "check_code": f"{n:07d}x"}, REMOTE_ADDR=STRANGER)
        assert page.status_code == 404
    page = client.post(url, {"number": number, "check_code": code}, REMOTE_ADDR=STRANGER)
    assert page.status_code == 429
    page = client.post(url, {"number": number, "check_code": code}, REMOTE_ADDR=APPLICANT)
    assert page.status_code == 200 and number in page.content.decode()

"""Case progress as people type it (issue 11, finding 8): lower case, spaces and
full-width digits in the number and the check code are read as meant; the code
travels in the body (POST), never in a URL."""

from govhall.cases.tests.factories import intake


def _typed(text: str) -> str:
    full = text.translate({ord(d): ord(d) - ord("0") + ord("０") for d in "0123456789"})
    return f" {full[:3].lower()} {full[3:]} "


def test_the_page_reads_what_people_type_and_takes_the_code_by_post(w, client):
    case = intake(w, w["promise"])
    page = client.post(
        "/cases/progress/", {"number": _typed(case.number), "check_code": _typed(case.check_code)}
    )
    assert page.status_code == 200 and case.item_name in page.content.decode()
    # A code in the URL is not used (old links, shoulder-surfed screenshots).
    leaked = client.get("/cases/progress/", {"number": case.number, "check_code": case.check_code})
    assert leaked.status_code == 200 and case.item_name not in leaked.content.decode()
    # The notice's QR code carries the number: the form comes filled in.
    assert (
        f'value="{case.number}"'
        in client.get(f"/cases/progress/?number={case.number}").content.decode()
    )


def test_the_form_posts_and_never_puts_the_code_in_its_action(w, client):
    html = client.get("/cases/progress/").content.decode()
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html


def test_api_post_lookup_with_the_code_in_the_body(w, client):
    case = intake(w, w["promise"])
    body = {"number": _typed(case.number), "check_code": _typed(case.check_code)}
    resp = client.post("/api/v1/cases/progress", body, content_type="application/json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["number"] == case.number and resp.json()["timeline"]
    wrong = client.post(
        "/api/v1/cases/progress",
        {"number": case.number, "check_code": "00000000"},
        content_type="application/json",
    )
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "case_not_found"
    for bad in ({}, {"number": case.number}, {"number": "x" * 61, "check_code": "1"}, []):
        resp = client.post("/api/v1/cases/progress", bad, content_type="application/json")
        assert resp.status_code == 422 and "error" in resp.json()


def test_api_get_lookup_of_the_contract_still_works_and_normalises(w, client):
    case = intake(w, w["promise"])
    resp = client.get(
        f"/api/v1/cases/progress/{case.number.lower()}", {"check_code": _typed(case.check_code)}
    )
    assert resp.status_code == 200 and resp.json()["number"] == case.number

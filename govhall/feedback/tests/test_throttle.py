"""Public forms are throttled per client address: the complaint form and the
rating page answer 429 with a page once the rate is used up, and create
nothing more; reading them is never limited."""

import pytest
from django.core.cache import cache

from ..models import Complaint
from .factories import serve


@pytest.fixture
def tight(settings):
    cache.clear()
    settings.GOVHALL_WEB_FORM_RATE = "2/h"
    yield
    cache.clear()


def test_online_complaints_are_throttled(client, h, tight):
    url = f"/feedback/center/{h['center'].code}/complain/"
    body = {"content": "取号机屏幕反光，老人看不清。"}
    assert [client.post(url, body).status_code for _ in range(2)] == [302, 302]
    refused = client.post(url, body)
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.content.decode()
    assert Complaint.objects.count() == 2
    assert client.get(url).status_code == 200
    # Another address is counted on its own.
    assert client.post(url, body, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_rating_pages_are_throttled_per_form(client, h, tight):
    tokens = [serve(h).token for _ in range(3)]
    statuses = [client.post(f"/e/{t}/", {"level": "5"}).status_code for t in tokens]
    assert statuses == [302, 302, 429]
    english = client.post(f"/e/{tokens[2]}/", {"level": "5"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many submissions" in english.content.decode()

"""Every admin page opens, in Chinese, for a superuser; nothing 500s."""

import pytest
from django.contrib import admin
from django.urls import reverse

from govhall.catalog.tests.factories import published_item
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(client, two_centers):
    dept = f.department(two_centers["district"])
    published_item(dept, two_centers["a"])
    root = f.user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    return client


def test_every_changelist_add_and_change_page(root_client):
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        resp = root_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert resp.status_code == 200, info
        if model_admin.has_add_permission(resp.wsgi_request):
            assert root_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
        first = model.objects.first()
        if first is not None:
            url = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            assert root_client.get(url).status_code == 200, info


def test_admin_speaks_chinese(root_client):
    html = root_client.get("/admin/").content.decode()
    assert "管理后台" in html and "服务事项" in html and "政务服务中心" in html


def test_token_created_in_admin_is_shown_once(root_client, two_centers):
    resp = root_client.post(
        reverse("admin:core_apitoken_add"),
        {"kind": "kiosk", "name": "一楼取号机", "center": two_centers["a"].pk},
        follow=True,
    )
    assert resp.status_code == 200
    messages = [str(m) for m in resp.context["messages"]]
    assert any("gh_" in m for m in messages)

"""Issue 10, finding 1: the admin is scoped. Every registered ModelAdmin (read from
admin.site._registry, so a new one is walked too) is tried by the demo's town-centre
admin (yx_admin, given every model permission so only scoping holds the line) against
the district centre's rows: lists, object pages, every choice of the add and change
forms and their inlines, and add, change and delete posts carrying the district
centre's ids. Then each finding as it was found."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from govhall.catalog.models import ServiceItem, Stationing
from govhall.core import services
from govhall.core.actors import actor_for_user
from govhall.core.admin_scope import ScopedAdmin
from govhall.core.errors import PermissionDenied
from govhall.core.models import (
    ApiToken,
    Center,
    Counter,
    District,
    Holiday,
    Membership,
    Role,
    TokenKind,
    User,
)
from govhall.demo.loader import DEMO_PASSWORD, load_demo
from govhall.hall.models import Window

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    a = Center.objects.get(code="SC-QZX")  # the district centre: whose rows are tried
    b = Center.objects.get(code="SC-YX")  # the town centre: whose admin tries
    # Tokens of A's side, so the token list has rows to hide.
    services.token_create(kind=TokenKind.KIOSK, center=a, name="A kiosk")
    services.token_create(kind=TokenKind.STAFF, user=User.objects.get(username="qzx_clerk1"))
    services.token_create(kind=TokenKind.KIOSK, center=b, name="B kiosk")
    return SimpleNamespace(
        a=a,
        b=b,
        yx=User.objects.get(username="yx_admin"),
        root=User.objects.get(username="admin"),
    )


def login(username: str) -> Client:
    """Through the real admin login form, not force_login."""
    client = Client()
    resp = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": DEMO_PASSWORD, "next": "/admin/"},
    )
    assert resp.status_code == 302 and resp.url == "/admin/", resp.content[:300]
    return client


@pytest.fixture
def yx(demo):
    demo.yx.user_permissions.set(Permission.objects.all())
    return login("yx_admin")


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# Ground truth for "A's rows", read from the models' fields, not from the admin's
# declarations: a row whose centre (directly or one key away) is A.
def _center_lookup(model) -> str | None:
    if model is Center:
        return "pk"

    def center_key(m):
        return any(
            f.name == "center" and f.related_model is Center for f in m._meta.concrete_fields
        )

    if center_key(model):
        return "center"
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model and center_key(field.related_model):
            return f"{field.name}__center"
    return None


def a_users(a):
    """Users of A, and users wider than any centre admin (superusers, supervisors)."""
    return User.objects.filter(
        Q(memberships__center=a) | Q(is_superuser=True) | Q(memberships__role=Role.SUPERVISOR)
    ).distinct()


def a_rows(model, a):
    if model is User:
        return a_users(a)
    if model is ApiToken:
        return ApiToken.objects.filter(Q(center=a) | Q(user__in=a_users(a)))
    if model is Membership:
        return Membership.objects.filter(Q(center=a) | Q(user__in=a_users(a)))
    lookup = _center_lookup(model)
    if lookup is None:
        return model._default_manager.none()
    return model._default_manager.filter(**{lookup: a.pk})


def is_theirs(obj, a) -> bool:
    return obj is not None and a_rows(type(obj), a).filter(pk=obj.pk).exists()


def _forms(resp):
    yield resp.context["adminform"].form
    for inline in resp.context["inline_admin_formsets"]:
        yield inline.formset.empty_form


def assert_choices_exclude(resp, a, where):
    for form in _forms(resp):
        for name, field in form.fields.items():
            # A formset's hidden row id is looked up in its own (scoped) rows only.
            if name == form._meta.model._meta.pk.name:
                continue
            if isinstance(field, forms.ModelChoiceField):
                theirs = a_rows(field.queryset.model, a).values("pk")
                leaked = field.queryset.filter(pk__in=theirs)
                assert not leaked.exists(), (where, name, list(leaked[:3]))


def post_data(resp, obj, *, fresh: bool) -> dict:
    """Form data that would save `obj` as it is through the page of `resp`: its main
    form's fields, and every inline left empty. `fresh` alters unique text fields so
    a refused add is refused for its foreign ids, not a duplicate code."""
    form = resp.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        if name in ("password1", "password2"):
            data[name] = "Xy-pw-123456-long"
            continue
        if name == "usable_password":
            data[name] = "true"
            continue
        try:
            model_field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.many_to_many:
            data[name] = [o.pk for o in getattr(obj, name).all()] if obj.pk else []
            continue
        value = getattr(obj, model_field.attname)
        if value is None or value == "":
            data[name] = ""
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field, forms.SplitDateTimeField):
            local = value.astimezone(dt.timezone(dt.timedelta(hours=8)))
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), f"{local:%H:%M:%S}"
        elif isinstance(value, dict | list):
            data[name] = json.dumps(value)
        elif isinstance(value, dt.date | dt.time):
            data[name] = value.isoformat()
        else:
            data[name] = str(value) + ("x" if fresh and model_field.unique else "")
    for inline in resp.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS"):
            data[f"{prefix}-{key}"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    data["_save"] = "1"
    return data


def foreign_fields(resp, obj, a) -> list[str]:
    """The main form's key fields whose value in `obj` is one of A's rows."""
    names = []
    for name, field in resp.context["adminform"].form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and not field.disabled:
            value = getattr(obj, name, None)
            values = list(value.all()) if hasattr(value, "all") else [value]
            if any(is_theirs(v, a) for v in values):
                names.append(name)
    return names


def assert_refused(resp, fields, where):
    """403, or the form shown again with an error on a field holding A's id."""
    if resp.status_code == 403:
        return
    assert resp.status_code == 200, (where, resp.status_code, getattr(resp, "url", ""))
    errors = resp.context["adminform"].form.errors
    assert errors, where
    if fields:
        assert set(errors) & set(fields), (where, errors)


def snapshot(obj):
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if fresh is None else model_to_dict(fresh)


def test_walk_every_model_admin_as_the_other_centres_admin(demo, yx):
    a = demo.a
    walked = {"lists": 0, "their_rows": 0, "add_posts": 0, "change_posts": 0}
    for model, model_admin in admin.site._registry.items():
        where = model._meta.label
        theirs = list(a_rows(model, a)[:3])
        count = model._default_manager.count()

        # The list shows none of A's rows, and names A nowhere (rows or filters).
        listing = yx.get(url(model, "changelist"))
        assert listing.status_code in (200, 403), where
        if not isinstance(model_admin, ScopedAdmin):
            # Registered without the scoped base (auth's Group, a later app): refused.
            assert listing.status_code == 403, where
        mine = []
        if listing.status_code == 200:
            walked["lists"] += 1
            shown = listing.context["cl"].queryset
            assert not shown.filter(pk__in=a_rows(model, a).values("pk")).exists(), where
            assert a.name not in listing.content.decode(), where
            mine = list(shown[:1])

        # A's rows: no page, no change, no delete.
        for row in theirs:
            walked["their_rows"] += 1
            before = snapshot(row)
            page = yx.get(url(model, "change", row.pk))
            assert page.status_code in (302, 403, 404), (where, row.pk)
            if page.status_code == 302:
                assert page.url == reverse("admin:index"), where
            posted = yx.post(url(model, "change", row.pk), {"_save": "1"})
            assert posted.status_code in (302, 403, 404), where
            deleted = yx.post(url(model, "delete", row.pk), {"post": "yes"})
            assert deleted.status_code in (302, 403, 404), where
            assert snapshot(row) == before, where

        # The add form offers none of A's objects; a post of A's row is refused.
        add = yx.get(url(model, "add"))
        shared = not isinstance(model_admin, ScopedAdmin) or model_admin.shared
        if shared:
            assert add.status_code == 403, where
        if add.status_code == 200:
            assert_choices_exclude(add, a, where)
            for row in theirs[:1]:
                walked["add_posts"] += 1
                fields = foreign_fields(add, row, a)
                resp = yx.post(url(model, "add"), post_data(add, row, fresh=True))
                assert_refused(resp, fields, where)
        else:
            posted = yx.post(url(model, "add"), {"_save": "1"})
            assert posted.status_code == 403, where
        assert model._default_manager.count() == count, where

        # B's own row: its form offers none of A's objects either; pointing it at
        # A's objects is refused and changes nothing.
        for row in mine:
            page = yx.get(url(model, "change", row.pk))
            assert page.status_code == 200, where
            if "adminform" not in page.context:
                continue
            assert_choices_exclude(page, a, where)
            if shared:
                assert page.context["has_change_permission"] is False, where
            if not (theirs and page.context["has_change_permission"]):
                continue
            fields = foreign_fields(page, theirs[0], a)
            if not fields:
                continue
            walked["change_posts"] += 1
            data = post_data(page, row, fresh=False)
            foreign = post_data(page, theirs[0], fresh=False)
            data.update({name: foreign[name] for name in fields})
            before = snapshot(row)
            assert_refused(yx.post(url(model, "change", row.pk), data), fields, where)
            assert snapshot(row) == before, where
    # The walk reached the models the finding is about, with rows on both sides.
    assert walked["lists"] >= 20 and walked["their_rows"] >= 40, walked
    assert walked["add_posts"] >= 5 and walked["change_posts"] >= 3, walked


def test_finding_a_staff_token_for_the_superuser_is_refused(demo):
    client = login("yx_admin")  # with the demo's permissions, as found
    before = ApiToken.objects.count()
    resp = client.post(url(ApiToken, "add"), {"kind": "staff", "user": demo.root.pk})
    assert resp.status_code == 200 and resp.context["adminform"].form.errors
    assert not ApiToken.objects.filter(user=demo.root).exists()
    # Nor for a supervisor, a user of the other centre, the other centre's devices.
    a_window = Window.objects.filter(center=demo.a).first()
    for data in (
        {"kind": "staff", "user": User.objects.get(username="district_supervisor").pk},
        {"kind": "staff", "user": User.objects.get(username="qzx_clerk1").pk},
        {"kind": "kiosk", "center": demo.a.pk},
        {"kind": "window", "center": demo.a.pk, "window": a_window.pk},
        {"kind": "window", "center": demo.b.pk, "window": a_window.pk},
    ):
        resp = client.post(url(ApiToken, "add"), data)
        assert resp.status_code == 200 and resp.context["adminform"].form.errors, data
    assert ApiToken.objects.count() == before
    # What the admin may do still works: a token for their own clerk and kiosk.
    clerk = User.objects.get(username="yx_clerk1")
    for data in ({"kind": "staff", "user": clerk.pk}, {"kind": "kiosk", "center": demo.b.pk}):
        assert client.post(url(ApiToken, "add"), data).status_code == 302, data
    assert ApiToken.objects.count() == before + 2


def test_token_service_holds_the_same_rule(demo):
    """The rule lives in the token service; the admin form only shows its refusal."""
    yx = actor_for_user(demo.yx)
    for kwargs in (
        {"kind": TokenKind.STAFF, "user": demo.root},
        {"kind": TokenKind.STAFF, "user": User.objects.get(username="district_supervisor")},
        {"kind": TokenKind.KIOSK, "center": demo.a},
    ):
        with pytest.raises(PermissionDenied):
            services.token_create(actor=yx, **kwargs)
    # A clerk holding a role at both centres is wider than B's admin too.
    clerk = User.objects.get(username="yx_clerk1")
    Membership.objects.create(user=clerk, role=Role.CLERK, center=demo.a)
    with pytest.raises(PermissionDenied):
        services.token_create(actor=yx, kind=TokenKind.STAFF, user=clerk)
    # Anyone keeps their own login token; the CLI (no actor) is the system.
    services.token_create(actor=yx, kind=TokenKind.STAFF, user=demo.yx)
    services.token_create(kind=TokenKind.STAFF, user=demo.root)


def test_finding_unticking_the_district_centres_stationing_is_refused(demo):
    client = login("yx_admin")
    theirs = Stationing.objects.filter(center=demo.a, active=True).first()
    item = theirs.item
    # As found: the item's page with its stationing inline. The item belongs to the
    # district, so a centre admin may read it and not write it.
    page = client.get(url(type(item), "change", item.pk))
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert demo.a.name not in page.content.decode()
    rows = Stationing.objects.filter(item=item).order_by("pk")
    data = {
        "code": item.code,
        "department": item.department_id,
        "domain": item.domain,
        "stationings-TOTAL_FORMS": str(rows.count()),
        "stationings-INITIAL_FORMS": str(rows.count()),
        "stationings-MIN_NUM_FORMS": "0",
        "stationings-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {f"stationings-{i}-id": row.pk, f"stationings-{i}-item": item.pk}
        data[f"stationings-{i}-center"] = row.center_id  # "active" left out: unticked
    assert client.post(url(type(item), "change", item.pk), data).status_code == 403
    # The stationing page offers only the admin's own rows.
    assert client.get(url(Stationing, "change", theirs.pk)).status_code == 302
    client.post(url(Stationing, "change", theirs.pk), {"_save": "1"})
    theirs.refresh_from_db()
    assert theirs.active
    # Their own stationing they may withdraw, through the catalog service (audited).
    mine = Stationing.objects.filter(center=demo.b, active=True).first()
    assert client.post(url(Stationing, "change", mine.pk), {"_save": "1"}).status_code == 302
    mine.refresh_from_db()
    assert not mine.active


def test_finding_adding_a_shared_holiday_is_refused(demo):
    client = login("yx_admin")  # the demo grants add_holiday: scoping still refuses
    before = Holiday.objects.count()
    data = {"date": "2026-12-02", "kind": "holiday", "name": "加一天"}
    assert client.post(url(Holiday, "add"), data).status_code == 403
    holiday = Holiday.objects.first()
    assert client.post(url(Holiday, "change", holiday.pk), data).status_code == 403
    assert client.post(url(Holiday, "delete", holiday.pk), {"post": "yes"}).status_code == 403
    assert Holiday.objects.count() == before
    # The superuser keeps the table.
    root = login("admin")
    assert root.post(url(Holiday, "add"), data).status_code == 302


def test_users_inside_the_reach_only(demo):
    models = ["user", "membership"]
    demo.yx.user_permissions.set(Permission.objects.filter(content_type__model__in=models))
    client = login("yx_admin")
    listing = client.get(url(User, "changelist"))
    shown = set(listing.context["cl"].queryset.values_list("username", flat=True))
    assert shown == {"yx_admin", "yx_reception", "yx_clerk1"}
    # The superuser: no page, no password change.
    assert client.get(url(User, "change", demo.root.pk)).status_code == 302
    password = {"password1": "Taken-over-123456", "password2": "Taken-over-123456"}
    resp = client.post(reverse("admin:auth_user_password_change", args=[demo.root.pk]), password)
    assert resp.status_code == 404
    demo.root.refresh_from_db()
    assert demo.root.check_password(DEMO_PASSWORD)

    clerk = User.objects.get(username="yx_clerk1")
    page = client.get(url(User, "change", clerk.pk))
    base = post_data(page, clerk, fresh=False)
    # Superuser is not theirs to grant (the field is read-only below the superuser).
    assert (
        client.post(url(User, "change", clerk.pk), base | {"is_superuser": "on"}).status_code == 302
    )
    clerk.refresh_from_db()
    assert not clerk.is_superuser
    # Nor a role at the other centre, nor a district role, nor groups or permissions
    # they do not hold themselves.
    others = Group.objects.create(name="其他")
    not_held = Permission.objects.get(codename="delete_center")
    district = demo.a.district
    tries = [
        {"memberships-0-role": Role.CLERK, "memberships-0-center": demo.a.pk},
        {"memberships-0-role": Role.SUPERVISOR, "memberships-0-district": district.pk},
    ]
    for row in tries:
        data = base | {"memberships-TOTAL_FORMS": "1"} | row
        assert client.post(url(User, "change", clerk.pk), data).status_code == 200, row
    for data in (base | {"groups": [others.pk]}, base | {"user_permissions": [not_held.pk]}):
        assert client.post(url(User, "change", clerk.pk), data).status_code == 200
    assert list(clerk.memberships.values_list("role", "center")) == [(Role.CLERK, demo.b.pk)]
    assert not clerk.groups.exists() and not clerk.user_permissions.exists()
    # A new user must come with a role inside the reach, else nothing is kept.
    add = client.get(url(User, "add"))
    fresh = User(username="newbie")
    data = post_data(add, fresh, fresh=True)
    assert client.post(url(User, "add"), data).status_code == 403
    assert not User.objects.filter(username__startswith="newbie").exists()
    data |= {"memberships-TOTAL_FORMS": "1", "memberships-0-role": Role.CLERK}
    data |= {"memberships-0-center": demo.b.pk}
    assert client.post(url(User, "add"), data).status_code == 302
    assert User.objects.get(username="newbiex").memberships.get().center == demo.b


def test_a_centre_admin_cannot_move_their_centre(demo):
    demo.yx.user_permissions.set(Permission.objects.filter(codename="change_center"))
    client = login("yx_admin")
    page = client.get(url(Center, "change", demo.b.pk))
    other = District.objects.create(code="XX", name="别区")
    data = post_data(page, demo.b, fresh=False) | {"district": other.pk, "code": "HACK"}
    data |= {"phone": "021-1234"}
    assert client.post(url(Center, "change", demo.b.pk), data).status_code == 302
    demo.b.refresh_from_db()
    assert (demo.b.phone, demo.b.code, demo.b.district_id) == (
        "021-1234",
        "SC-YX",
        demo.a.district_id,
    )
    assert client.get(url(Center, "add")).status_code == 403


def test_district_tables_are_written_by_their_supervisor(demo, rf):
    item = ServiceItem.objects.first()
    item_admin = admin.site._registry[ServiceItem]
    supervisor = User.objects.get(username="district_supervisor")

    def may_change(user):
        request = rf.get("/")
        request.user = user
        return item_admin.has_view_permission(request, item), item_admin.has_change_permission(
            request, item
        )

    assert may_change(demo.yx) == (True, False)
    assert may_change(supervisor) == (True, True)
    assert may_change(demo.root) == (True, True)


def test_superuser_keeps_every_page(demo):
    root = login("admin")
    window = Window.objects.filter(center=demo.b).first()
    html = root.get(url(Window, "change", window.pk)).content.decode()
    assert "窗口AB岗" in html and "窗口呼叫队列" in html  # both inlines, hall's and queueing's
    listing = root.get(url(Stationing, "changelist"))
    centres = set(listing.context["cl"].queryset.values_list("center__code", flat=True))
    assert centres == {"SC-QZX", "SC-YX"}


def test_a_model_admin_without_the_base_is_for_superusers_only(demo, rf):
    """The safe default: an app registering a plain ModelAdmin later leaks nothing."""
    demo.yx.user_permissions.set(Permission.objects.all())
    admin.site.register(Counter)
    try:
        counter_admin = admin.site._registry[Counter]
        request = rf.get("/")
        request.user = demo.yx
        assert not counter_admin.has_module_permission(request)
        assert not counter_admin.has_view_permission(request)
        assert not counter_admin.has_add_permission(request)
        assert not counter_admin.get_queryset(request).exists()
        request.user = demo.root
        assert counter_admin.has_view_permission(request)
        assert counter_admin.get_queryset(request).exists()
    finally:
        admin.site.unregister(Counter)


def test_checks_refuse_an_admin_without_a_sound_scope():
    class NoScope(ScopedAdmin):
        pass

    class WrongPath(ScopedAdmin):
        center_path = "department"  # a department is no centre

    class ManyValued(ScopedAdmin):
        center_path = "stationings__center"  # one item, many centres

    class PlainInline(admin.TabularInline):
        model = Stationing

    class UnscopedInline(ScopedAdmin):
        district_path = "department__district"
        inlines = [PlainInline]

    def ids(cls):
        return {e.id for e in cls(ServiceItem, admin.site).check()}

    assert "govhall.E100" in ids(NoScope)
    assert "govhall.E101" in ids(WrongPath)
    assert "govhall.E101" in ids(ManyValued)
    assert "govhall.E102" in ids(UnscopedInline)
    for model, model_admin in admin.site._registry.items():
        assert not [e for e in model_admin.check() if e.id.startswith("govhall")], model

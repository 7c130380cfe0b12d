"""The profiles' services on the real database: create, edit and end a
profile, the photo, certificates and their expiry, and the A/B post rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.core.actors import actor_for_user
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.models import AuditLog, Event, Membership, Role, User
from govhall.core.tests import factories as f
from govhall.hall.models import WindowPost
from govhall.queueing.tests.factories import window as make_window
from govhall.staff.profiles import selectors, services
from govhall.staff.profiles.models import Certificate, StaffKind, StaffProfile

from .profiles_factories import image_bytes, person, world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def w():
    return world()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _create(w, **over):
    data = {
        "actor": w["actor"],
        "center": w["center"],
        "username": "newclerk",
        "full_name": "赵新",
        "staff_number": "sc0900",
        "role": Role.CLERK,
        "kind": StaffKind.COMPREHENSIVE,
        "started_on": dt.date(2026, 11, 2),
    }
    data.update(over)
    return services.profile_create(**data)


# --- create ----------------------------------------------------------------------------------


def test_creating_a_profile_makes_the_account_the_role_and_a_first_password(w):
    profile, password = _create(w, title="综窗", mobile="13800001111")
    user = profile.user
    assert user.check_password(password) and user.must_change_password
    assert user.staff_number == "SC0900" and user.display_name == "赵新"
    assert Membership.objects.filter(user=user, center=w["center"], role=Role.CLERK).exists()
    assert profile.is_active and profile.title == "综窗"
    event = Event.objects.get(kind="staff.profile_created")
    assert "mobile" not in event.payload and "13800001111" not in str(event.payload)
    assert AuditLog.objects.filter(action="staff.profile_created").exists()
    # Two first passwords are never the same.
    assert password != services.first_password()


@pytest.mark.parametrize(
    "over, field",
    [
        ({"username": ""}, "username"),
        ({"username": "有 空格"}, "username"),
        ({"username": "x" * 31}, "username"),
        ({"staff_number": "SC 09"}, "staff_number"),
        ({"staff_number": ""}, "staff_number"),
        ({"role": "supervisor"}, "role"),
        ({"role": "nope"}, "role"),
        ({"full_name": ""}, "full_name"),
        ({"kind": "nope"}, "kind"),
        ({"kind": StaffKind.DISPATCHED}, "department"),
        ({"role": Role.REVIEWER, "kind": StaffKind.BACK_OFFICE}, "department"),
    ],
)
def test_creating_with_bad_input_is_refused_and_writes_nothing(w, over, field):
    users = User.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        _create(w, **over)
    assert field in exc.value.fields
    assert User.objects.count() == users and not Event.objects.exists()


def test_a_taken_username_or_staff_number_is_refused(w):
    _create(w)
    with pytest.raises(ValidationFailed) as exc:
        _create(w, staff_number="SC0901", username="NEWCLERK")
    assert "username" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        _create(w, username="other")
    assert "staff_number" in exc.value.fields


def test_a_department_of_another_district_is_refused(w):
    foreign = f.department(f.district())
    with pytest.raises(ValidationFailed) as exc:
        _create(w, kind=StaffKind.DISPATCHED, department=foreign)
    assert "department" in exc.value.fields


def test_a_reviewer_works_for_the_department_named(w):
    profile, _ = _create(w, role=Role.REVIEWER, kind=StaffKind.BACK_OFFICE, department=w["dept"])
    assert Membership.objects.get(user=profile.user).department == w["dept"]
    clerk, _ = _create(
        w,
        username="disp",
        staff_number="SC0902",
        kind=StaffKind.DISPATCHED,
        department=w["dept"],
    )
    # A dispatched clerk's department is on the profile, not on the role.
    assert Membership.objects.get(user=clerk.user).department is None
    assert clerk.department == w["dept"]


def test_only_staff_manage_creates_and_only_at_its_own_centre(w):
    clerk = actor_for_user(w["a"].user)
    with pytest.raises(PermissionDenied):
        _create(w, actor=clerk)
    other = f.center()
    with pytest.raises(PermissionDenied):
        _create(w, center=other)
    assert not User.objects.filter(username="newclerk").exists()


# --- edit and end ----------------------------------------------------------------------------


def test_editing_kind_department_title_and_dates(w):
    profile = services.profile_update(
        actor=w["actor"],
        profile=w["a"],
        full_name="甲某",
        kind=StaffKind.DISPATCHED,
        department=w["dept"],
        title="首席代表",
        started_on=dt.date(2021, 5, 6),
    )
    profile.refresh_from_db()
    assert (profile.kind, profile.department, profile.title) == (
        "dispatched",
        w["dept"],
        "首席代表",
    )
    assert profile.started_on == dt.date(2021, 5, 6) and profile.user.display_name == "甲某"
    with pytest.raises(ValidationFailed):
        services.profile_update(
            actor=w["actor"],
            profile=w["a"],
            full_name="甲",
            kind=StaffKind.DISPATCHED,
            department=None,
            title="",
            started_on=dt.date(2021, 5, 6),
        )


def test_ending_a_profile_ends_the_role_releases_the_posts_and_the_account(w):
    services.post_assign(actor=w["actor"], window=w["w1"], post="A", user=w["a"].user)
    services.post_assign(actor=w["actor"], window=w["w1"], post="B", user=w["b"].user)
    left = services.profile_end(
        actor=w["actor"], profile=w["a"], ended_on=dt.date(2026, 11, 30), today=TODAY
    )
    assert [x.pk for x in left] == [w["w1"].pk]
    profile = StaffProfile.objects.get(pk=w["a"].pk)
    assert not profile.is_active and profile.ended_on == dt.date(2026, 11, 30)
    assert not Membership.objects.filter(user=profile.user).exists()
    assert not User.objects.get(pk=profile.user_id).is_active
    assert list(WindowPost.objects.filter(window=w["w1"]).values_list("post", flat=True)) == ["B"]
    assert selectors.half_posted_windows(w["center"]) == 1
    with pytest.raises(InvalidTransition):
        services.profile_end(actor=w["actor"], profile=profile, ended_on=TODAY, today=TODAY)
    with pytest.raises(InvalidTransition):
        services.profile_update(
            actor=w["actor"],
            profile=profile,
            full_name="甲",
            kind="comprehensive",
            department=None,
            title="",
            started_on=profile.started_on,
        )


def test_an_account_still_working_elsewhere_stays_active(w):
    other = f.center(w["center"].district)
    Membership.objects.create(user=w["a"].user, role=Role.CLERK, center=other)
    services.profile_end(actor=w["actor"], profile=w["a"], ended_on=TODAY, today=TODAY)
    assert User.objects.get(pk=w["a"].user_id).is_active
    assert Membership.objects.filter(user=w["a"].user, center=other).exists()


@pytest.mark.parametrize(
    "ended_on, field",
    [(dt.date(2020, 1, 1), "ended_on"), (dt.date(2026, 12, 2), "ended_on")],
)
def test_ending_dates_out_of_order_are_refused(w, ended_on, field):
    with pytest.raises(ValidationFailed) as exc:
        services.profile_end(actor=w["actor"], profile=w["a"], ended_on=ended_on, today=TODAY)
    assert field in exc.value.fields
    assert StaffProfile.objects.get(pk=w["a"].pk).is_active


def test_an_administrator_cannot_end_their_own_profile(w):
    own = StaffProfile.objects.get(user=w["admin"])
    with pytest.raises(Conflict):
        services.profile_end(actor=w["actor"], profile=own, ended_on=TODAY, today=TODAY)


# --- tenure -----------------------------------------------------------------------------------


@given(
    start=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 1)),
    days=st.integers(min_value=0, max_value=4000),
)
@settings(max_examples=60, deadline=None)
def test_tenure_counts_whole_months(start, days):
    profile = StaffProfile(started_on=start)
    end = start + dt.timedelta(days=days)
    years, months = selectors.tenure(profile, end)
    total = years * 12 + months
    assert 0 <= months < 12 and total >= 0
    # Whole months: adding one more month to the start passes the end.
    y, m = divmod(start.month - 1 + total, 12)
    assert dt.date(start.year + y, m + 1, 1) <= end
    assert days < 31 * (total + 1)


# --- photo ------------------------------------------------------------------------------------


def test_a_photo_is_reencoded_to_a_small_jpeg(w):
    upload = SimpleUploadedFile("me.png", image_bytes("PNG", (1200, 1600)), "image/png")
    profile = services.profile_photo_set(actor=w["actor"], profile=w["a"], upload=upload)
    from PIL import Image

    with profile.photo.open("rb") as fh, Image.open(fh) as img:
        assert img.format == "JPEG" and img.size == (600, 800)
    # A random name under the centre: nothing of the uploaded name or the person.
    assert re.fullmatch(rf"staff/photos/{w['center'].pk}/[0-9a-f]{{32}}\.jpg", profile.photo.name)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"GIF89a not really",
        b"%PDF-1.4 fake",
        image_bytes("GIF"),
        image_bytes("BMP"),
        image_bytes("PNG")[:60],  # truncated
    ],
)
def test_a_bad_photo_is_refused(w, data):
    upload = SimpleUploadedFile("x.png", data, "image/png")
    with pytest.raises(ValidationFailed) as exc:
        services.profile_photo_set(actor=w["actor"], profile=w["a"], upload=upload)
    assert "photo" in exc.value.fields
    assert not StaffProfile.objects.get(pk=w["a"].pk).photo


def test_a_photo_over_the_limit_is_refused(w, settings):
    settings.GOVHALL_STAFF_PHOTO_MAX_BYTES = 1000
    upload = SimpleUploadedFile("x.jpg", image_bytes("JPEG"), "image/jpeg")
    assert upload.size > 1000
    with pytest.raises(ValidationFailed):
        services.profile_photo_set(actor=w["actor"], profile=w["a"], upload=upload)


# --- certificates ------------------------------------------------------------------------------


def test_certificates_expired_or_expiring_within_the_setting_are_flagged(w):
    add = services.certificate_add
    kw = {"actor": w["actor"], "today": TODAY, "issued_on": dt.date(2024, 1, 1)}
    add(profile=w["a"], name="上岗证", expires_on=TODAY - dt.timedelta(days=1), **kw)
    add(profile=w["b"], name="上岗证", expires_on=TODAY + dt.timedelta(days=30), **kw)
    add(profile=w["c"], name="上岗证", expires_on=TODAY + dt.timedelta(days=31), **kw)
    add(profile=w["c"], name="技能等级", expires_on=None, **kw)
    flags = selectors.certificate_flags(w["center"], [w["a"], w["b"], w["c"]], TODAY)
    assert flags == {w["a"].pk: "expired", w["b"].pk: "expiring"}
    assert selectors.flagged_certificates(w["center"], TODAY).count() == 2
    # The centre's setting moves the horizon.
    w["center"].settings = {**w["center"].settings, "staff.certificate_warning_days": 40}
    w["center"].save()
    assert selectors.flagged_certificates(w["center"], TODAY).count() == 3
    # Someone who left is no longer counted.
    services.profile_end(actor=w["actor"], profile=w["a"], ended_on=TODAY, today=TODAY)
    assert selectors.flagged_certificates(w["center"], TODAY).count() == 2


@pytest.mark.parametrize(
    "over, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"number": "9" * 61}, "number"),
        ({"issued_on": dt.date(2026, 12, 2)}, "issued_on"),
        ({"expires_on": dt.date(2023, 12, 31)}, "expires_on"),
    ],
)
def test_bad_certificates_are_refused(w, over, field):
    data = {"name": "上岗证", "issued_on": dt.date(2024, 1, 1), "expires_on": None, **over}
    with pytest.raises(ValidationFailed) as exc:
        services.certificate_add(actor=w["actor"], profile=w["a"], today=TODAY, **data)
    assert field in exc.value.fields
    assert not Certificate.objects.exists()


def test_certificate_remove_needs_staff_manage(w):
    cert = services.certificate_add(
        actor=w["actor"], profile=w["a"], name="证", issued_on=dt.date(2024, 1, 1), today=TODAY
    )
    with pytest.raises(PermissionDenied):
        services.certificate_remove(actor=actor_for_user(w["a"].user), certificate=cert)
    services.certificate_remove(actor=w["actor"], certificate=cert)
    assert not Certificate.objects.exists()


# --- A/B posts ----------------------------------------------------------------------------------


def test_a_person_holds_a_at_one_window_and_b_at_another(w):
    assign = services.post_assign
    assign(actor=w["actor"], window=w["w1"], post="A", user=w["a"].user)
    assign(actor=w["actor"], window=w["w1"], post="B", user=w["b"].user)
    assign(actor=w["actor"], window=w["w2"], post="A", user=w["b"].user)
    assign(actor=w["actor"], window=w["w2"], post="B", user=w["a"].user)
    held = {(p.window.number, p.post): p.user_id for p in WindowPost.objects.all()}
    assert held == {
        (1, "A"): w["a"].user_id,
        (1, "B"): w["b"].user_id,
        (2, "A"): w["b"].user_id,
        (2, "B"): w["a"].user_id,
    }
    assert WindowPost.objects.get(window=w["w1"], post="A").on_duty
    assert Event.objects.filter(kind="window.post_changed").count() == 4
    # The same holder again changes nothing and writes no event.
    assign(actor=w["actor"], window=w["w1"], post="A", user=w["a"].user)
    assert Event.objects.filter(kind="window.post_changed").count() == 4


def test_the_same_person_cannot_hold_both_posts_of_a_window(w):
    services.post_assign(actor=w["actor"], window=w["w1"], post="A", user=w["a"].user)
    with pytest.raises(Conflict) as exc:
        services.post_assign(actor=w["actor"], window=w["w1"], post="B", user=w["a"].user)
    assert exc.value.code == "post_both"
    assert not WindowPost.objects.filter(window=w["w1"], post="B").exists()


def test_removing_the_only_holder_leaves_the_window_warned(w):
    services.post_assign(actor=w["actor"], window=w["w1"], post="A", user=w["a"].user)
    services.post_assign(actor=w["actor"], window=w["w1"], post="B", user=w["b"].user)
    assert selectors.half_posted_windows(w["center"]) == 0
    services.post_assign(actor=w["actor"], window=w["w1"], post="B", user=None)
    rows = {r.window.number: r.missing for r in selectors.window_posts(w["center"])}
    assert rows == {1: ["B"], 2: ["A", "B"]}
    assert selectors.half_posted_windows(w["center"]) == 1


def test_another_centres_window_or_person_is_refused(w):
    other = f.center(w["center"].district)
    foreign_window = make_window(other, 1)
    with pytest.raises(PermissionDenied):
        services.post_assign(actor=w["actor"], window=foreign_window, post="A", user=w["a"].user)
    stranger = person(other)
    with pytest.raises(NotFound):
        services.post_assign(actor=w["actor"], window=w["w1"], post="A", user=stranger.user)
    assert not WindowPost.objects.exists()


def test_posts_need_an_active_profile_and_staff_manage(w):
    services.profile_end(actor=w["actor"], profile=w["c"], ended_on=TODAY, today=TODAY)
    with pytest.raises(NotFound):
        services.post_assign(actor=w["actor"], window=w["w1"], post="A", user=w["c"].user)
    with pytest.raises(PermissionDenied):
        services.post_assign(
            actor=actor_for_user(w["a"].user), window=w["w1"], post="A", user=w["a"].user
        )
    with pytest.raises(ValidationFailed):
        services.post_assign(actor=w["actor"], window=w["w1"], post="C", user=w["a"].user)


def test_a_department_lead_reads_only_their_departments_people(w):
    mine = person(w["center"], kind=StaffKind.DISPATCHED, department=w["dept"])
    lead = person(w["center"], Role.DEPT_LEAD, kind=StaffKind.DISPATCHED, department=w["dept"])
    actor = actor_for_user(lead.user)
    seen = set(selectors.visible_profiles(actor, w["center"]))
    assert seen == {mine, lead}
    with pytest.raises(NotFound):
        selectors.profile_for(actor, w["center"], w["a"].pk)
    assert len(selectors.visible_profiles(w["actor"], w["center"])) == 6

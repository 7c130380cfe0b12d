"""The capability table: what every staff role and every device token kind may
read and do, written once. Handlers and services ask `actor.require(center,
capability)`; no role lists elsewhere. Scoping below the centre (a reviewer's
department, a window token's window, a complaint's assignee) is the selectors'
and services' work on top of this table.

Least privilege: a device holds what its screen needs (a display board reads the
board, never a case; a kiosk issues tickets and checks in bookings; a rating pad
reads its window's pending evaluation; an integration token its feeds)."""

from __future__ import annotations

from .models import Role, TokenKind

# capability -> what it lets its holder do (the table's legend)
CAPABILITIES: dict[str, str] = {
    "board.read": "the calls and queues of the display board, and the event stream",
    "window.list": "the centre's windows and their states (API.md: staff and devices)",
    "ticket.issue": "take a ticket for a citizen (kiosk, front desk)",
    "ticket.special_group": "flag a ticket for a special group (priority)",
    "ticket.call": "work a window: call, open, pause, close (a window token: its own)",
    "ticket.handle": "step a ticket: recall, start, finish, no-show, cancel, transfer",
    "booking.check_in": "check a booking in (it becomes a ticket)",
    "booking.front_desk": "the day's bookings, cancelling for a citizen, suspensions",
    "booking.manage": "slots, templates, blackouts, deciding home visits",
    "booking.feed": "the incremental booking and queue feed (unified booking platform)",
    "visit.work": "the home-visit list and doing a visit",
    "case.intake": "take in a case, supplement, refuse, commitment, delivery",
    "case.read": "every case of the centre, its detail and documents",
    "case.read.department": "the cases of one's own departments (led or parallel)",
    "case.read.window": "the cases taken in at one's own window (its terminal)",
    "case.review": "review and decide the cases of one's own department",
    "case.extension.approve": "approve another reviewer's extension request",
    "case.oversee": "every open case of the centre with its clock",
    "complaint.intake": "register a complaint brought to the window",
    "complaint.hotline": "register a complaint phoned in (12345), read those",
    "complaint.read": "complaints one may see (all of them with complaint.oversee, "
    "else those assigned to one)",
    "complaint.oversee": "every complaint of the centre",
    "complaint.handle": "assign a complaint (its assignee works it)",
    "evaluation.pending": "the pending evaluation of one's own window (rating pad)",
    "rectification.read": "bad-rating rectifications and the evaluation figures",
    "rectification.handle": "work a rectification (the centre's 好差评 desk)",
    "rectification.review": "decide a contested finding (the district)",
    "report.read": "the centre's figures of the day",
    "catalog.manage": "station items at the centre, review and publish guides",
    "catalog.draft": "draft and submit one's own department's guide changes (004 第二条)",
    "hall.manage": "the hall's settings: hours, rules, windows, calling profiles, queues, "
    "announcements and daily ticket quotas",
    "duty.call": "call the duty manager to a window or the desk (a visitor upset, a dispute)",
    "duty.answer": "receive and settle the calls for the duty manager (值班长)",
    # --- the staff app (001 附录B, C, E; 003 §四(一)3)
    "staff.self": "one's own profile, punches, leave requests, training record and exams",
    "staff.read": "the centre's staff, posts, attendance, leave, rota and training records",
    "staff.manage": "profiles, certificates, A/B posts, the duty rota, tenure and staff changes",
    "attendance.punch": "record the punch of the person at the clock (the attendance device)",
    "attendance.excuse": "record lateness reported beforehand for work (the service desk)",
    "attendance.manage": "add a punch for a broken clock, force majeure, the monthly ledger",
    "leave.approve": "approve the leave of one's own department's staff (the home department)",
    "leave.file": "file approved leave with the centre, name the cover, record the return",
    "training.manage": "training plans, sessions and their attendance, exams and scores",
}

_FRONT = {"board.read", "window.list", "ticket.issue", "ticket.special_group"} | {
    "ticket.handle",
    "booking.check_in",
}

TABLE: dict[str, frozenset[str]] = {
    # --- staff roles (held at a centre; a supervisor at every centre of a district)
    Role.RECEPTION: frozenset(
        _FRONT
        | {"booking.front_desk", "visit.work", "complaint.intake", "complaint.hotline"}
        | {"duty.call"}
        | {"complaint.read", "complaint.oversee"}
        | {"staff.self", "attendance.excuse"}
    ),
    Role.CLERK: frozenset(
        _FRONT
        | {"ticket.call", "booking.front_desk", "visit.work", "duty.call"}
        | {"case.intake", "case.read", "complaint.read"}
        | {"staff.self"}
    ),
    Role.REVIEWER: frozenset(
        {
            "window.list",
            "case.read.department",
            "case.review",
            "case.extension.approve",
            "complaint.read",
            "staff.self",
            "catalog.draft",
        }
    ),
    Role.ASSISTANT: frozenset(
        {"board.read", "window.list", "visit.work", "complaint.read", "duty.call"} | {"staff.self"}
    ),
    Role.CENTER_ADMIN: frozenset(
        _FRONT
        | {"ticket.call", "booking.front_desk", "booking.manage", "booking.feed", "visit.work"}
        | {"case.intake", "case.read", "case.extension.approve", "case.oversee"}
        | {"complaint.intake", "complaint.hotline", "complaint.read", "complaint.oversee"}
        | {"complaint.handle", "rectification.read", "rectification.handle"}
        | {"report.read", "catalog.manage", "hall.manage", "duty.call", "duty.answer"}
        | {"staff.self", "staff.read", "staff.manage", "attendance.excuse"}
        | {"attendance.manage", "leave.approve", "leave.file", "training.manage"}
    ),
    # 值班长 (003): takes turns managing the windows and answers their calls.
    Role.DUTY_MANAGER: frozenset(
        {"board.read", "window.list", "duty.call", "duty.answer"}
        | {"staff.self", "staff.read", "leave.file"}
    ),
    # 首席代表: their department's people at the centre (selectors scope it).
    Role.DEPT_LEAD: frozenset(
        {"window.list", "complaint.read", "staff.self", "staff.read", "leave.approve"}
        | {"catalog.draft"}
    ),
    Role.SUPERVISOR: frozenset(
        {"board.read", "window.list", "case.read", "case.oversee"}
        | {"complaint.read", "complaint.oversee", "rectification.read", "rectification.review"}
        | {"report.read", "catalog.manage", "staff.read"}
    ),
    Role.COURIER: frozenset({"window.list", "complaint.read"}),
    # --- device tokens (one centre; window and evaluator tokens one window)
    TokenKind.KIOSK: frozenset(
        {"board.read", "window.list", "ticket.issue", "ticket.special_group", "booking.check_in"}
    ),
    TokenKind.DISPLAY: frozenset({"board.read", "window.list"}),
    TokenKind.WINDOW: frozenset(
        {"board.read", "window.list", "ticket.call", "ticket.handle", "booking.check_in"}
        | {"case.intake", "case.read.window", "duty.call"}
    ),
    TokenKind.EVALUATOR: frozenset({"window.list", "evaluation.pending"}),
    TokenKind.INTEGRATION: frozenset(
        {"window.list", "booking.feed", "complaint.hotline", "complaint.read"}
    ),
    TokenKind.ATTENDANCE: frozenset({"attendance.punch"}),
    # A staff token carries its user's roles; the kind itself grants nothing.
    TokenKind.STAFF: frozenset(),
}


def _check() -> None:
    unknown = {c for caps in TABLE.values() for c in caps} - set(CAPABILITIES)
    missing = (set(Role.values) | set(TokenKind.values)) - set(TABLE)
    assert not unknown and not missing, (unknown, missing)


_check()


def grants(role: str, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(capability)  # a typo must not read as "refused" forever
    return capability in TABLE.get(role, frozenset())


def holders(capability: str) -> set[str]:
    """Roles and token kinds that hold `capability`."""
    return {role for role in TABLE if grants(role, capability)}


def roles_with(capability: str) -> list[str]:
    """The staff roles whose row grants `capability` (who is told, who answers)."""
    return [r for r in Role.values if capability in TABLE.get(r, ())]

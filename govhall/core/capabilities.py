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
    "report.read": "the centre's figures: period reports, charts, exports and ledgers",
    "report.live": "the centre's live dashboard: waiting, windows, the longest wait now",
    "report.district": "every centre of the district side by side (the district's dashboard)",
    "assessment.manage": "the monthly staff assessment (考核): weights, run, publish, objections",
    "assessment.department": "the assessment results of one's own department's people",
    "supervision.handle": "efficiency supervision findings: assign, close out (001 6.6.2.2)",
    "exchange.manage": "what was sent to the other platforms and what failed; resend",
    "booking.inbound": "deliver bookings made on the unified booking platform (signed)",
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
    # --- assisted services (001 附录A; 002 二(二)(三)(五)(七); 000 第五条)
    "assist.request": "take a request for 帮办, 代办, 陪办 or language help for a visitor",
    "assist.work": "work the assist requests assigned to one (hand-overs, the entrustment)",
    "assist.manage": "the assist team, skills, coordinators, assigning every request",
    # --- convenience services (000 第七条, 第十四-二十六条; 001 6.4.4.2)
    "print.log": "the print room: log free printing and copying, the public computer",
    "lost.register": "register, keep and hand back lost property (the claimant's ID checked)",
    "lost.manage": "approve the write-off of unclaimed lost property",
    "lending.record": "lend and take back wheelchairs, umbrellas, glasses, chargers",
    "delivery.manage": "the free deliveries: the day's manifest, sending it, reconciliation",
    "delivery.courier": "the postal partner's courier: pick up, tracking number, delivered",
    # --- enquiries and the knowledge base (001 B.1, B.2.5, 4.6; 表18)
    "enquiry.take": "record a question, answer it or hand it over, call back (首问负责)",
    "enquiry.oversee": "every enquiry of the centre and its call-back clock",
    "workorder.handle": "12345 work orders: take, assign, answer within their deadline",
    "workorder.inbound": "deliver 12345 work orders to the centre (the hotline platform)",
    "chat.answer": "answer citizens' typed questions live (online human service, 4.6.2)",
    "knowledge.draft": "write and submit one's own department's knowledge articles",
    "knowledge.manage": "review and publish the centre's knowledge articles",
    # --- standards, upkeep and inspections (001 表1-表18, 6.4, 附录D; 002 三(一))
    "standards.read": "the centre's self-audit against the standards, and its reports",
    "standards.manage": "the centre's profile, facilities, evidence, rules documents, upkeep, "
    "emergency plans and rectification tasks",
    "inspection.do": "walk an inspection round with its checklist, record findings",
    "standards.review": "review the district's centres against the standards (the district)",
    # --- planning (001 6.4.1.1, C.3.2)
    "planning.read": "the staffing plan: arrivals forecast, windows needed against the rota",
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
        | {"assist.request", "lost.register", "lending.record", "enquiry.take", "chat.answer"}
    ),
    Role.CLERK: frozenset(
        _FRONT
        | {"ticket.call", "booking.front_desk", "visit.work", "duty.call"}
        | {"case.intake", "case.read", "complaint.read"}
        | {"staff.self"}
        | {"assist.request", "delivery.manage", "enquiry.take"}
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
            "knowledge.draft",
        }
    ),
    Role.ASSISTANT: frozenset(
        {"board.read", "window.list", "visit.work", "complaint.read", "duty.call"}
        | {"staff.self", "assist.request", "assist.work"}
        # 代办 (001 A.2.2): the assistant takes the entrusted case in for the person,
        # and an incomplete one gets the case's one-time notice from the same intake.
        | {"case.intake"}
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
        | {"assist.request", "assist.work", "assist.manage"}
        | {"print.log", "lost.register", "lost.manage", "lending.record", "delivery.manage"}
        | {"enquiry.take", "enquiry.oversee", "workorder.handle", "chat.answer"}
        | {"knowledge.manage", "standards.read", "standards.manage", "inspection.do"}
        | {"planning.read", "report.live", "assessment.manage", "supervision.handle"}
        | {"exchange.manage"}
    ),
    # 值班长 (003): takes turns managing the windows and answers their calls.
    Role.DUTY_MANAGER: frozenset(
        {"board.read", "window.list", "duty.call", "duty.answer"}
        | {"staff.self", "staff.read", "leave.file"}
        | {"enquiry.take", "enquiry.oversee", "chat.answer", "inspection.do", "planning.read"}
        | {"report.live"}
    ),
    # 首席代表: their department's people at the centre (selectors scope it).
    Role.DEPT_LEAD: frozenset(
        {"window.list", "complaint.read", "staff.self", "staff.read", "leave.approve"}
        | {"catalog.draft", "knowledge.draft", "assist.manage", "assessment.department"}
    ),
    Role.PRINT_ROOM: frozenset(
        {"window.list", "duty.call", "staff.self", "print.log", "lost.register", "lending.record"}
    ),
    Role.HOTLINE: frozenset(
        {"window.list", "staff.self", "complaint.hotline", "complaint.read"}
        | {"enquiry.take", "workorder.handle", "chat.answer"}
    ),
    Role.SUPERVISOR: frozenset(
        {"board.read", "window.list", "case.read", "case.oversee"}
        | {"complaint.read", "complaint.oversee", "rectification.read", "rectification.review"}
        | {"report.read", "report.live", "report.district", "catalog.manage", "staff.read"}
        | {"standards.read", "standards.review", "inspection.do", "planning.read"}
    ),
    Role.COURIER: frozenset({"window.list", "complaint.read", "delivery.courier"}),
    # --- device tokens (one centre; window and evaluator tokens one window)
    TokenKind.KIOSK: frozenset(
        {"board.read", "window.list", "ticket.issue", "ticket.special_group", "booking.check_in"}
        | {"assist.request"}
    ),
    TokenKind.DISPLAY: frozenset({"board.read", "window.list"}),
    TokenKind.WINDOW: frozenset(
        {"board.read", "window.list", "ticket.call", "ticket.handle", "booking.check_in"}
        | {"case.intake", "case.read.window", "duty.call"}
    ),
    TokenKind.EVALUATOR: frozenset({"window.list", "evaluation.pending"}),
    TokenKind.INTEGRATION: frozenset(
        {"window.list", "booking.feed", "complaint.hotline", "complaint.read"}
        | {"workorder.inbound", "booking.inbound"}
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

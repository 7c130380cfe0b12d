"""`govhall token create --center C --role R [--window W]`: a device token,
printed once. Also `token list` and `token revoke PREFIX`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from govhall.core import services
from govhall.core.errors import DomainError
from govhall.core.models import ApiToken, Center, TokenKind, User


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (设备令牌)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("--center", help="centre code")
        create.add_argument(
            "--role",
            required=True,
            choices=TokenKind.values,
            help="token kind: kiosk, display, window, evaluator, integration, staff",
        )
        create.add_argument("--window", help="window code (window and evaluator tokens)")
        create.add_argument("--user", help="username (staff tokens)")
        create.add_argument("--name", default="", help="a label, e.g. 一楼取号机")
        create.add_argument("--days", type=int, help="expire after this many days")
        listing = sub.add_parser("list", help="list live tokens")
        listing.add_argument("--center")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **opts):
        try:
            getattr(self, f"_{action}")(**opts)
        except DomainError as exc:
            fields = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
            raise CommandError(f"{exc.code}: {exc.message} {fields}".strip()) from exc

    def _create(self, *, center, role, window, user, name, days, **_):
        found_center = found_window = found_user = None
        if center:
            found_center = Center.objects.filter(code=center).first()
            if found_center is None:
                raise CommandError(f"unknown centre: {center}")
        if window:
            if found_center is None:
                raise CommandError("--window needs --center")
            found_window = found_center.windows.filter(code=window).first()
            if found_window is None:
                raise CommandError(f"unknown window at {center}: {window}")
        if user:
            found_user = User.objects.filter(username=user).first()
            if found_user is None:
                raise CommandError(f"unknown user: {user}")
        expires = timezone.now() + dt.timedelta(days=days) if days else None
        _token, raw = services.token_create(
            kind=role,
            center=found_center,
            window=found_window,
            user=found_user,
            name=name,
            expires_at=expires,
        )
        self.stdout.write(raw)

    def _list(self, *, center, **_):
        tokens = ApiToken.objects.filter(revoked_at__isnull=True).select_related("center", "window")
        if center:
            tokens = tokens.filter(center__code=center)
        for t in tokens.order_by("center__code", "kind"):
            where = t.center.code if t.center else (t.user.username if t.user else "")
            win = t.window.code if t.window else ""
            self.stdout.write(f"{t.prefix}…\t{t.kind}\t{where}\t{win}\t{t.name}")

    def _revoke(self, *, prefix, **_):
        tokens = ApiToken.objects.filter(prefix=prefix[:10], revoked_at__isnull=True)
        if tokens.count() != 1:
            raise CommandError(f"no single live token with prefix {prefix}")
        services.token_revoke(token=tokens.get())
        self.stdout.write("revoked")

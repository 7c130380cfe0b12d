"""`govhall unlock <username>` or `govhall unlock --address IP`: lift a login
lockout before its cool-off ends."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from govhall.core import services


class Command(BaseCommand):
    help = "Unlock a user or an address locked out after repeated failed logins (登录锁定解除)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--address", help="unlock this client address (every username)")

    def handle(self, *args, username=None, address=None, **opts):
        if not username and not address:
            raise CommandError("give a username, --address, or both")
        removed = services.login_unlock(username=username, address=address)
        who = " and ".join(x for x in (username, address) if x)
        if removed:
            self.stdout.write(f"unlocked {who} ({removed} failure records removed)")
        else:
            self.stdout.write(f"{who}: no failed logins on record")

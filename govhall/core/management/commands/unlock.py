"""`govhall unlock <username>`: lift a login lockout before its cool-off ends."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from govhall.core import services


class Command(BaseCommand):
    help = "Unlock a user locked out after repeated failed logins (登录锁定解除)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **opts):
        removed = services.login_unlock(username=username)
        if removed:
            self.stdout.write(f"unlocked {username} ({removed} failure records removed)")
        else:
            self.stdout.write(f"{username} had no failed logins on record")

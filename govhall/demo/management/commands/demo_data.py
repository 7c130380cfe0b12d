"""`govhall demo-data`: load the demo district (松川区) and print the logins."""

from django.core.management.base import BaseCommand, CommandError

from govhall.cases.models import Case
from govhall.core.models import Center
from govhall.demo.loader import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo district into an empty database (加载演示数据)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (but print the logins) when centres already exist",
        )

    def handle(self, *args, if_empty=False, **opts):
        if Center.objects.exists():
            if not if_empty:
                raise CommandError(
                    "the database already has centres; demo data is for an empty one"
                )
            self.stdout.write("demo data already loaded")
        else:
            result = load_demo()
            self.stdout.write(f"loaded: {result}")
        case = Case.objects.order_by("pk").first()
        if case is not None:
            self.stdout.write(
                f"\nCase progress (/cases/progress/): number {case.number}, "
                f"check code {case.check_code}"
            )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, who, where in demo_logins():
            self.stdout.write(f"  {username:<22} {who} {where}")

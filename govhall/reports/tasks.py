"""The reports app's scheduled jobs (huey finds an app's `tasks` module): each
feature's own tasks module, imported here."""

from .facts.tasks import facts_after_midnight, facts_end_of_day  # noqa: F401

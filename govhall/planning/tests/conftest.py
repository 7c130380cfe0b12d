"""The planning tests' fixtures (planning_world)."""

from .planning_world import absences, world  # noqa: F401

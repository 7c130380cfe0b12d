"""Plugs the reports app's features into the workplace: their navigation entries,
the hooks and events of the floors below.

reports stands on floor 6 (DESIGN.md): it reads every app, and no app imports
it; what it must react to (a finished ticket, a rating) it learns from events."""

from __future__ import annotations

from importlib import import_module

from govhall.core.navigation import register

# Each feature is a package with the same skeleton: models, services,
# selectors, api (router), views and urls, navigation (ENTRIES), hooks
# (connect), demo (load), admin.
FEATURES = ("facts", "dashboard", "groups", "assessment", "supervision", "exchange")


def feature_module(feature: str, name: str):
    return import_module(f"govhall.reports.{feature}.{name}")


def connect() -> None:
    for feature in FEATURES:
        register(*feature_module(feature, "navigation").ENTRIES)
        feature_module(feature, "hooks").connect()

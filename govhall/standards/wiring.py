"""Plugs the standards app's features into the workplace: their navigation entries,
the hooks and events of the floors below."""

from __future__ import annotations

from importlib import import_module

from govhall.core.navigation import register

# Each feature is a package with the same skeleton: models, services,
# selectors, api (router), views and urls, navigation (ENTRIES), hooks
# (connect), demo (load), admin.
FEATURES = ("tasks", "audit", "rules", "upkeep", "emergency", "rounds")


def feature_module(feature: str, name: str):
    return import_module(f"govhall.standards.{feature}.{name}")


def connect() -> None:
    for feature in FEATURES:
        register(*feature_module(feature, "navigation").ENTRIES)
        feature_module(feature, "hooks").connect()

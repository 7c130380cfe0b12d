"""The planning pages on the workbench (core.navigation)."""

ENTRIES: list = []

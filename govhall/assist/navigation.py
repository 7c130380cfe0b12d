"""The assist pages on the workbench (core.navigation)."""

ENTRIES: list = []

"""The planning app's demo data (called by govhall.demo.loader; safe to run twice)."""


def load(centers: dict) -> None:
    """`centers`: code -> Center of the demo district."""

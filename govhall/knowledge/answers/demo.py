def load(centers: dict) -> None:
    """`centers`: code -> Center of the demo district; safe to run twice."""

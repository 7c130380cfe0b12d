def load(centers: dict) -> None:
    """This feature's demo data (centres by code)."""

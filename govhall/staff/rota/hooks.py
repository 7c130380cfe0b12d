def connect() -> None:
    """Register this feature's hooks, presence sources and event handlers."""

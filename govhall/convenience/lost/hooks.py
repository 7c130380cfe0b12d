def connect() -> None:
    """Called once from the app's ready()."""

def connect() -> None:
    """Called once from the app's ready(): registers the daily sweep with huey."""
    from . import jobs  # noqa: F401

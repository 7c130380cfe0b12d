"""What assist plugs into the floors below: event subscriptions and hooks."""


def connect() -> None:
    """Called once from AppConfig.ready()."""

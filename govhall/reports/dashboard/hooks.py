def connect() -> None:
    from . import reports, tasks  # noqa: F401  (tasks: huey's autodiscovery misses sub-packages)

    reports.connect()

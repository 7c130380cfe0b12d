from govhall.staff import presence

from . import selectors


def connect() -> None:
    """暂离 records are absences (status away) for presence: B serves while A is away."""
    presence.register_absence_source(selectors.away_absences)

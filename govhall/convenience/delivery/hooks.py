"""A case whose result goes by post becomes a parcel when the output window
hands it over (cases' closing events; cases never imports us)."""

from django.core.exceptions import ObjectDoesNotExist

from govhall.core.events import subscribe


def on_case_output(*, event, obj) -> None:
    from . import services

    try:
        posted = obj.delivery.method == "post"
    except (ObjectDoesNotExist, AttributeError):
        return
    if posted:
        services.parcel_for_case(case=obj, now=obj.delivery.delivered_at)


def connect() -> None:
    """Called once from the app's ready()."""
    # case.delivered: a 告知承诺 case handed over before its promised materials came in;
    # case.completed: every other case. A case posted once is one parcel.
    subscribe("case.delivered", on_case_output)
    subscribe("case.completed", on_case_output)

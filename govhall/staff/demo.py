"""The staff app's demo data: each feature's, profiles first."""

from .wiring import FEATURES, feature_module

# Attendance last: nobody punches on a day their demo leave covers.
DEMO_ORDER = sorted(FEATURES, key=lambda feature: feature == "attendance")


def load(centers: dict) -> None:
    for feature in DEMO_ORDER:
        feature_module(feature, "demo").load(centers)

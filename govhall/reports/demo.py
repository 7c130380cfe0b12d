"""The reports app's demo data: each feature's, in FEATURES order (safe to run twice)."""

from .wiring import FEATURES, feature_module


def load(centers: dict) -> None:
    for feature in FEATURES:
        feature_module(feature, "demo").load(centers)

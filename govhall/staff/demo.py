"""The staff app's demo data: each feature's, profiles first."""

from .wiring import FEATURES, feature_module


def load(centers: dict) -> None:
    for feature in FEATURES:
        feature_module(feature, "demo").load(centers)

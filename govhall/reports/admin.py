"""The reports app's admin: each feature's admin module registers itself."""

from .wiring import FEATURES

for _feature in FEATURES:
    __import__(f"govhall.reports.{_feature}.admin")

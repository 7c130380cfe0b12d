"""The standards app's admin: each feature's admin module registers itself."""

from .wiring import FEATURES

for _feature in FEATURES:
    __import__(f"govhall.standards.{_feature}.admin")

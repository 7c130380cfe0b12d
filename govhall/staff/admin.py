"""The staff app's admin: each feature's admin module registers itself."""

from .wiring import FEATURES

for _feature in FEATURES:
    try:
        __import__(f"govhall.staff.{_feature}.admin")
    except ModuleNotFoundError as exc:
        if exc.name != f"govhall.staff.{_feature}.admin":
            raise

"""The reports app's API: one router over its features' routers."""

from ninja import Router

from .wiring import FEATURES, feature_module

router = Router()
for _feature in FEATURES:
    router.add_router("", feature_module(_feature, "api").router)

from .wiring import FEATURES, feature_module

app_name = "reports"
urlpatterns = [p for f in FEATURES for p in feature_module(f, "urls").urlpatterns]
# The generic report pages (`<center>/<report>/`) come after every feature's own.
urlpatterns += feature_module("dashboard", "urls").last

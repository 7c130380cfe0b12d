"""Pages: one module per feature, each with its own `urlpatterns` (see ../urls.py)."""

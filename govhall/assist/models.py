"""The assist app's data."""

from django.db import models  # noqa: F401

"""The planning pages (thin: they call services and selectors)."""

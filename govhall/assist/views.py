"""The assist pages (thin: they call services and selectors)."""

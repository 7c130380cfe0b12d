"""emergency: the pages (thin)."""

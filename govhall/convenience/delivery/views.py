"""delivery: the pages (thin)."""

"""upkeep: the pages (thin)."""

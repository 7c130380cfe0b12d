"""lost: the pages (thin)."""

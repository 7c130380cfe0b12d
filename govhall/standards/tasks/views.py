"""tasks: the pages (thin)."""

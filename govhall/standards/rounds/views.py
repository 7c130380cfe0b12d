"""rounds: the pages (thin)."""

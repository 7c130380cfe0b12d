"""articles: the pages (thin)."""

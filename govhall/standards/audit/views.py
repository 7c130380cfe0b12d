"""audit: the pages (thin)."""

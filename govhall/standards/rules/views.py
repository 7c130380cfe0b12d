"""rules: the pages (thin)."""

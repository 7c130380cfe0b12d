"""answers: the pages (thin)."""

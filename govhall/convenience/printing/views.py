"""printing: the pages (thin)."""

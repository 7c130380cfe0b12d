"""enquiries: the pages (thin)."""

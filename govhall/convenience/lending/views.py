"""lending: the pages (thin)."""

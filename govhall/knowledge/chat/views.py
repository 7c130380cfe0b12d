"""chat: the pages (thin)."""

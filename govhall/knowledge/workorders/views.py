"""workorders: the pages (thin)."""

"""Convenience services: free printing, lost property, lending, free express delivery."""

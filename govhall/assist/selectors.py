"""Reads of assist, scoped to what the actor may see."""

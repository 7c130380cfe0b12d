"""Reads of planning, scoped to what the actor may see."""

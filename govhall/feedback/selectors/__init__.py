"""Reads of evaluations, rectifications, complaints and their figures: one module
per feature (evaluations.py, complaints.py)."""

"""API routers: evaluations.py (API.md "Evaluations") and complaints.py."""

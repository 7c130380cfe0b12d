"""Every change of an evaluation, a rectification or a complaint. One module per
feature (evaluations.py, complaints.py); callers import the module they need."""

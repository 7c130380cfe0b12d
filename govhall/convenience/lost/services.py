"""lost: every change of state, keyword-only, in a transaction, raising DomainError."""

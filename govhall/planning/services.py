"""Every change of state in planning: keyword-only functions in a transaction, raising DomainError."""

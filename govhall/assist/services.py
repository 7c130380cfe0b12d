"""Every change of state in assist: keyword-only functions in a transaction, raising DomainError."""

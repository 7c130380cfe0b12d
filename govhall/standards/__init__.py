"""The centre against the seeds' standards: self-audit, rules documents, upkeep, emergency plans, inspection rounds."""

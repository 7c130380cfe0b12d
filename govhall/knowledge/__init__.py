"""Enquiries (首问负责), 12345 work orders, online human service, the knowledge base and Q&A."""

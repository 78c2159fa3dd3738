"""Ingest: raw article text to a draft briefing."""

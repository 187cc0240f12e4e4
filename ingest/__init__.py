"""Ingest: read exported files into records, chunk them, embed them and upsert them into the store."""

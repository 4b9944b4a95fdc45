"""The application layer (placeholder until its modules land)."""

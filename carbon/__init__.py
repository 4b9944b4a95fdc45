"""carbon package."""

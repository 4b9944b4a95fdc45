"""sdg package."""

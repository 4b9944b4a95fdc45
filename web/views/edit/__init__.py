"""The edit pages of the working group: indicator values, measured facts, chapters."""

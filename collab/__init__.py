"""The working group's shared editing: the version store of an organisation's files (history,
restore, conflicts), the edits of indicator values, facts and chapters, and the year's
workflow (draft, approved, published, reopened). `app/collab.py` is its front door."""

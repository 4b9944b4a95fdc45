"""The GRI 305 / ESRS E1-6 index: the items (items.yaml) and their figures (metrics), the valid
codes kept as data (codes, codes.yaml), and the index as rows (index)."""

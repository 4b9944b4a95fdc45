"""Every agency at once from the state-wide open data: the DuckDB scan (scan), the rule sets it
classifies with (rulesets), the per-agency tables (tables) and the chart of the largest (chart)."""

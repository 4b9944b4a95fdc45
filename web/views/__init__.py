"""One module per page: overview, trace (drill-down), scenarios (workbench and comparison),
report and commitment; `base` holds what they share."""

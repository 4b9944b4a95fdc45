"""The scenario engine: scenario files and the lever vocabulary (spec), the lines a projection
starts from (lines), levers as operations on them (levers), the yearly projection (project),
Monte Carlo over factor uncertainty (montecarlo), lever contributions (waterfall), target
checks (targets), one run or a comparison (run) and their charts (chart)."""

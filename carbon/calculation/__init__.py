"""The calculation over the read inputs: the inventory of a year, progress against targets, data
quality, uncertainty (Monte Carlo) and base-year recalculation; pure functions over DataFrames."""

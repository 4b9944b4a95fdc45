"""How many Monte Carlo draws, and from which seed, an inventory's uncertainty range takes
unless told otherwise (pandas-free: the command line shows them before pandas is imported)."""
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2018

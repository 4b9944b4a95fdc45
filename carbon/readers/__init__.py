"""Reading an organisation's files: settings, ledgers, activity data, emission factors and their
provenance, the price index, mapping rules, input checks, official coefficient tables; `inputs`
loads them all into one validated `Inputs`."""

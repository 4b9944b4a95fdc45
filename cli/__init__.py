"""The command line: option parsing and the printing of results. Every command calls the
application layer (`app/`) and formats what it returns; nothing here reads input files or
calculates."""

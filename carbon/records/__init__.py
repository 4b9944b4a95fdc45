"""What is written and kept: inventory exports, freeze records with file fingerprints, and the
factor files and mapping rules an imported coefficient table becomes."""

"""Suppliers: who the purchased emissions come from (table.py), asking them for their own
figures (settings.py, status.py, request.py, request.yaml) and reading their answers
(answers.py); the factors and rules an import writes are in carbon/records/supplier_factors.py."""

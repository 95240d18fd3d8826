"""Tender analysis: requirement clauses found in a tender's blocks (clauses.py), the matrix with past matches and
traceability to notes (matrix.py), its Excel export (export.py) and the evaluation against hand gold (evaluate.py)."""

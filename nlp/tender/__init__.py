"""Tender analysis: requirement clauses found in a tender's blocks, and their evaluation against gold clauses."""

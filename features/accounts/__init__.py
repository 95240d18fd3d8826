"""Accounts: a customer's meetings stored over time, and what they say together (people, needs, investments,
relationship, gaps, questions). Records live in records.py, SQLite in store.py; the view is computed on read."""

"""Tests for the needs-discovery assistant; see conftest.py for the shared models and library."""

"""Benchmarks: each module measures one thing side by side and returns a Markdown section for BENCHMARKS.md."""

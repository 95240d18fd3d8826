"""Readers per file format, each returning Case records; `read_path` picks the reader by extension."""
from corpus.readers.dispatch import SUPPORTED, iter_files, read_path

__all__ = ["SUPPORTED", "iter_files", "read_path"]

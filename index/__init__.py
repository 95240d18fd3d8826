"""Vectors and keywords: the library on disk (SQLite + faiss + BM25), hybrid search with filters, ingest and removal."""

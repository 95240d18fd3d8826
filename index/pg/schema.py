"""The library's tables in PostgreSQL: the columns of index/store.py, plus each passage's vector, tokens and postings.

The first nine passage columns are those of the embedded store in the same order, so the ingest code of
index/library.py writes both. `tsv` holds our own jieba / word tokens as a 'simple' tsvector with positions
(no Chinese parser extension): GIN finds the passages that hold a query term, positions give its count.
"""
from __future__ import annotations

from index.pg import keyword_stats
from index.vectors import HNSW_EF_CONSTRUCTION, HNSW_M

META = "CREATE TABLE IF NOT EXISTS library_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def tables(dim: int) -> list[str]:
    return [
        META,
        """CREATE TABLE IF NOT EXISTS cases (
            id TEXT PRIMARY KEY, title TEXT, language TEXT, customer TEXT, industry TEXT, region TEXT, country TEXT,
            year INTEGER, outcome TEXT, tags TEXT, translation TEXT, kind TEXT, source TEXT, source_hash TEXT,
            text TEXT, extra TEXT)""",
        f"""CREATE TABLE IF NOT EXISTS passages (
            pid BIGINT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, ordinal INTEGER,
            section TEXT, text TEXT, tokens TEXT, n_explicit INTEGER DEFAULT 0, n_organisational INTEGER DEFAULT 0,
            n_personal INTEGER DEFAULT 0, n_tokens INTEGER NOT NULL DEFAULT 0, tsv TSVECTOR, embedding VECTOR({dim}))""",
        # keep each vector inside its row: pgvector's default (external) puts it in TOAST, which an exact scan pays for
        "ALTER TABLE passages ALTER COLUMN embedding SET STORAGE PLAIN",
        "CREATE INDEX IF NOT EXISTS passages_case ON passages(case_id)",
        "CREATE INDEX IF NOT EXISTS passages_tsv ON passages USING gin(tsv)",
        """CREATE TABLE IF NOT EXISTS statements (
            passage_pid BIGINT NOT NULL REFERENCES passages(pid) ON DELETE CASCADE, ordinal INTEGER, text TEXT,
            label TEXT, confidence REAL, stakeholder TEXT, compliance_risk INTEGER, start_char INTEGER,
            end_char INTEGER)""",
        "CREATE INDEX IF NOT EXISTS statements_passage ON statements(passage_pid)",
        *POSTINGS,
        *keyword_stats.ddl(),
    ]


# Exact scan up to here, HNSW above. Lower than the folder's 50,000 (index/vectors.py): measured on 2 busy cores,
# pgvector's exact scan takes ~57 ms at 20k passages against ~10 ms through HNSW (faiss's flat scan is faster).
# Like the folder's faiss index, the HNSW graph is built only once the library passes this size (index/pg/writer.py):
# below it an exact scan answers, and every insert would pay for a graph nobody searches.
HNSW_ABOVE = 10_000
# inner product on unit vectors is the cosine, as in the embedded faiss index, and the faiss graph's parameters: at
# pgvector's defaults (m 16, ef_construction 64) a search of 10 at 100k copied passages kept 0.44 of the exact 200
# nearest, with these 0.69 (faiss 0.76), in the same time (~2 ms); the build takes ~25 s at 100k
HNSW = ("CREATE INDEX IF NOT EXISTS passages_vec ON passages USING hnsw (embedding vector_ip_ops) "
        f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})")


# Each passage's keyword postings, one row per distinct token (derived from its tsv by index/pg/writer.py): a query
# reads only its own terms' rows through the covering index, instead of unpacking the tsv of every matching passage.
POSTINGS = (
    """CREATE TABLE IF NOT EXISTS postings (
        lexeme TEXT NOT NULL, pid BIGINT NOT NULL REFERENCES passages(pid) ON DELETE CASCADE, tf INTEGER NOT NULL,
        dl INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS postings_lexeme ON postings (lexeme) INCLUDE (pid, tf, dl)",
    "CREATE INDEX IF NOT EXISTS postings_pid ON postings (pid)",
)


# Writers take this transaction-scoped advisory lock: one writer at a time, as the folder's file lock does.
WRITER_LOCK = 7_316_001

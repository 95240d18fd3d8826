"""The library-wide BM25 figures on the server (passage count, mean length, the largest weight of any term), kept
up to date by the delta of each write instead of a scan of every posting.

Three small tables hold what those figures are made of: `term_df` (each token's document frequency),
`term_tf` (for each token and count, the shortest passage holding the token that often: a weight grows with
the count and shrinks with the length, so the largest weight of a token is at one of these) and
`passage_totals` (rows of passage-count and token-count deltas, folded into one row by each publish).
Statement-level triggers on `postings` and `passages` update them from the rows a statement added or
removed (cascaded deletes included), so every path that writes passages keeps them right. A bulk
rebuild (migrate, repair) switches the triggers off for its transaction and counts everything once.
The top weight is then a max over `term_tf` (a few rows per token), the same number as the full scan
over every posting in keywords.TOP_SQL, which `check` and the tests compare it with.
"""
from __future__ import annotations

from index.pg.keywords import K1, B

BULK = "needs.bulk_keywords"  # a transaction-local setting: 'on' while a bulk rebuild counts everything itself

TABLES = (
    "CREATE TABLE IF NOT EXISTS term_df (lexeme TEXT PRIMARY KEY, df INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS term_tf (lexeme TEXT NOT NULL, tf INTEGER NOT NULL, min_dl INTEGER NOT NULL, "
    "PRIMARY KEY (lexeme, tf))",
    "CREATE TABLE IF NOT EXISTS passage_totals (n BIGINT NOT NULL, total BIGINT NOT NULL)",
)

_SKIP = f"IF current_setting('{BULK}', true) = 'on' THEN RETURN NULL; END IF;"
_FUNCTIONS = {
    "postings_added": """
        INSERT INTO term_df (lexeme, df) SELECT lexeme, count(*) FROM new_rows GROUP BY lexeme
            ON CONFLICT (lexeme) DO UPDATE SET df = term_df.df + EXCLUDED.df;
        INSERT INTO term_tf (lexeme, tf, min_dl) SELECT lexeme, tf, min(dl) FROM new_rows GROUP BY lexeme, tf
            ON CONFLICT (lexeme, tf) DO UPDATE SET min_dl = least(term_tf.min_dl, EXCLUDED.min_dl);""",
    # a removed posting that was the shortest for its (token, count): look up the next shortest among those left
    "postings_removed": """
        UPDATE term_df d SET df = d.df - g.n FROM (SELECT lexeme, count(*) AS n FROM old_rows GROUP BY lexeme) g
            WHERE d.lexeme = g.lexeme;
        DELETE FROM term_df d USING (SELECT DISTINCT lexeme FROM old_rows) g WHERE d.lexeme = g.lexeme AND d.df <= 0;
        WITH hit AS (SELECT DISTINCT o.lexeme, o.tf FROM old_rows o JOIN term_tf t ON t.lexeme = o.lexeme
                     AND t.tf = o.tf AND o.dl <= t.min_dl),
             now AS (SELECT h.lexeme, h.tf, (SELECT min(p.dl) FROM postings p WHERE p.lexeme = h.lexeme AND p.tf = h.tf)
                     AS m FROM hit h),
             gone AS (DELETE FROM term_tf t USING now WHERE t.lexeme = now.lexeme AND t.tf = now.tf AND now.m IS NULL)
        UPDATE term_tf t SET min_dl = now.m FROM now WHERE t.lexeme = now.lexeme AND t.tf = now.tf
            AND now.m IS NOT NULL;""",
    "passages_added": "INSERT INTO passage_totals SELECT count(*), COALESCE(sum(n_tokens), 0) FROM new_rows;",
    "passages_removed": "INSERT INTO passage_totals SELECT -count(*), -COALESCE(sum(n_tokens), 0) FROM old_rows;",
    "passages_changed": "INSERT INTO passage_totals SELECT 0, COALESCE((SELECT sum(n_tokens) FROM new_rows), 0) "
                        "- COALESCE((SELECT sum(n_tokens) FROM old_rows), 0);",
}
_TRIGGERS = (  # (function, table, event, transition tables)
    ("postings_added", "postings", "INSERT", "NEW TABLE AS new_rows"),
    ("postings_removed", "postings", "DELETE", "OLD TABLE AS old_rows"),
    ("passages_added", "passages", "INSERT", "NEW TABLE AS new_rows"),
    ("passages_removed", "passages", "DELETE", "OLD TABLE AS old_rows"),
    ("passages_changed", "passages", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
)


def ddl() -> list[str]:
    """The tables, trigger functions and triggers; safe to run again."""
    out = list(TABLES)
    for name, body in _FUNCTIONS.items():
        out.append(f"CREATE OR REPLACE FUNCTION keyword_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN {_SKIP} {body} RETURN NULL; END $$")
    for name, table, event, refs in _TRIGGERS:
        out.append(f"CREATE OR REPLACE TRIGGER keyword_{name} AFTER {event} ON {table} REFERENCING {refs} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION keyword_{name}()")
    return out


def rebuild(con) -> None:
    """Count every posting and passage again (after a bulk load or a repair)."""
    con.execute("DELETE FROM term_df")
    con.execute("DELETE FROM term_tf")
    con.execute("DELETE FROM passage_totals")
    con.execute("INSERT INTO term_df SELECT lexeme, count(*) FROM postings GROUP BY lexeme")
    con.execute("INSERT INTO term_tf SELECT lexeme, tf, min(dl) FROM postings GROUP BY lexeme, tf")
    con.execute("INSERT INTO passage_totals SELECT count(*), COALESCE(sum(n_tokens), 0) FROM passages")


def bulk(con, on: bool) -> None:
    """Switch the triggers off (on=True) or back on for the rest of this transaction."""
    con.execute("SELECT set_config(%s, %s, true)", (BULK, "on" if on else "off"))


# the same expression as keywords.TOP_SQL, over the per-token summaries instead of every posting
STATS_SQL = f"""
WITH s AS (SELECT COALESCE(sum(n), 0)::float8 AS n,
                  greatest(sum(total)::numeric / NULLIF(sum(n), 0), 1)::float8 AS avgdl FROM passage_totals)
SELECT s.n, s.avgdl, COALESCE((SELECT max(ln(1 + (s.n - d.df::float8 + 0.5) / (d.df::float8 + 0.5)) * t.tf::float8
       * {K1 + 1} / (t.tf::float8 + {K1} * (1 - {B} + {B} * t.min_dl::float8 / s.avgdl)))
       FROM term_tf t JOIN term_df d USING (lexeme)), 0)
FROM s
"""


def current(con) -> tuple[int, float, float]:
    """(passage count, mean length, top weight), folding the delta rows into one first."""
    con.execute("WITH d AS (DELETE FROM passage_totals RETURNING n, total) "
                "INSERT INTO passage_totals SELECT COALESCE(sum(n), 0), COALESCE(sum(total), 0) FROM d")
    n, avgdl, top = con.execute(STATS_SQL).fetchone()
    return int(n), float(avgdl), float(top)

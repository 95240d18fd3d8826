"""Accounts beside the library: one SQLite file (accounts.sqlite) in a library folder, or the `accounts` schema of
a server library's database (features/storage.py runs the same SQL on both). Every write is one transaction that
queues behind the others, so two people adding notes at once both land, and a failed add leaves nothing behind.
The rep's corrections (person merges and splits, need statuses) and the tender links are tables of their own:
re-reading the meetings never overwrites them."""
from __future__ import annotations

import difflib
import json
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from corpus.errors import InputError
from corpus.records import content_hash
from features.accounts.records import Meeting, PersonMention, StoredStatement
from features.storage import open_rows

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meetings (account TEXT NOT NULL, id TEXT NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL,
    text TEXT NOT NULL, added TEXT NOT NULL, PRIMARY KEY (account, id));
CREATE TABLE IF NOT EXISTS statements (account TEXT NOT NULL, meeting TEXT NOT NULL, idx INTEGER NOT NULL,
    text TEXT NOT NULL, label TEXT NOT NULL, confidence REAL NOT NULL, language TEXT NOT NULL, people TEXT NOT NULL,
    investment TEXT, vector BLOB, PRIMARY KEY (account, meeting, idx));
CREATE TABLE IF NOT EXISTS need_status (account TEXT NOT NULL, need TEXT NOT NULL, status TEXT NOT NULL,
    PRIMARY KEY (account, need));
CREATE TABLE IF NOT EXISTS person_overrides (account TEXT NOT NULL, action TEXT NOT NULL, a TEXT NOT NULL,
    b TEXT NOT NULL, added TEXT NOT NULL, PRIMARY KEY (account, action, a, b));
CREATE TABLE IF NOT EXISTS tender_links (account TEXT NOT NULL, meeting TEXT NOT NULL, idx INTEGER NOT NULL,
    tender TEXT NOT NULL, clause TEXT NOT NULL, similarity REAL NOT NULL, PRIMARY KEY (account, meeting, idx, tender));
CREATE TABLE IF NOT EXISTS our_people (account TEXT NOT NULL, meeting TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (account, meeting, name));
CREATE TABLE IF NOT EXISTS drafts (token TEXT NOT NULL, page TEXT NOT NULL, text TEXT NOT NULL, account TEXT NOT NULL,
    updated TEXT NOT NULL, PRIMARY KEY (token, page));
"""


class UnknownAccount(InputError):
    """An account name that is not stored."""


class UnknownMeeting(InputError):
    """A meeting id that the account does not hold."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AccountStore:
    """Accounts, their meetings and analysed statements. Open one per thread or process; the database does the
    locking. `path` is a SQLite file or a postgresql:// URL."""

    def __init__(self, path: Path | str):
        self.path = path if isinstance(path, str) and "://" in path else Path(path)
        self.con = open_rows(self.path, "accounts", SCHEMA)

    @classmethod
    def beside(cls, library: Path | str) -> AccountStore:
        """The accounts of a library folder or a postgresql:// library."""
        return cls(library if isinstance(library, str) and "://" in library else Path(library) / "accounts.sqlite")

    @contextmanager
    def transaction(self):
        with self.con.transaction() as con:
            yield con

    def close(self) -> None:
        self.con.close()

    # --- reading -----------------------------------------------------------------------------------------------
    def accounts(self) -> list[tuple[str, int, str]]:
        """(name, meetings, last meeting date) for every account."""
        rows = self.con.execute("SELECT a.name, COUNT(m.id), MAX(m.date) FROM accounts a LEFT JOIN meetings m "
                                "ON m.account = a.name GROUP BY a.name ORDER BY a.name").fetchall()
        return [(r[0], r[1], r[2] or "") for r in rows]

    def require(self, account: str) -> None:
        if self.con.execute("SELECT 1 FROM accounts WHERE name = ?", (account,)).fetchone() is None:
            names = [a[0] for a in self.accounts()]
            close = difflib.get_close_matches(account, names, n=3, cutoff=0.4) or \
                [n for n in names if account.lower() in n.lower() or n.lower() in account.lower()][:3]
            hint = f" Close names: {', '.join(close)}." if close else (" No accounts yet." if not names else "")
            raise UnknownAccount(f"There is no account called {account!r}.{hint}")

    def meetings(self, account: str) -> list[Meeting]:
        rows = self.con.execute("SELECT * FROM meetings WHERE account = ? ORDER BY date, added, id", (account,))
        return [Meeting(r["id"], account, r["date"], r["title"], r["added"]) for r in rows]

    def meeting_text(self, account: str, meeting: str) -> str:
        row = self.con.execute("SELECT text FROM meetings WHERE account = ? AND id = ?", (account, meeting)).fetchone()
        if row is None:
            raise UnknownMeeting(f"Account {account!r} has no meeting {meeting!r}.")
        return row[0]

    def statements(self, account: str) -> tuple[dict[str, list[StoredStatement]], dict[tuple[str, int], np.ndarray]]:
        """Statements per meeting id, and the vector of every statement that has one."""
        by_meeting: dict[str, list[StoredStatement]] = {}
        vectors: dict[tuple[str, int], np.ndarray] = {}
        for r in self.con.execute("SELECT * FROM statements WHERE account = ? ORDER BY meeting, idx", (account,)):
            people = tuple(PersonMention(**p) for p in json.loads(r["people"]))
            inv = json.loads(r["investment"]) if r["investment"] else None
            by_meeting.setdefault(r["meeting"], []).append(StoredStatement(
                r["meeting"], r["idx"], r["text"], r["label"], r["confidence"], r["language"], people, inv))
            if r["vector"] is not None:
                vectors[(r["meeting"], r["idx"])] = np.frombuffer(r["vector"], dtype=np.float32)
        return by_meeting, vectors

    def our_names(self, account: str, meeting: str | None = None) -> set[str]:
        """Names a meeting of the account (or the one `meeting`) showed on our own side (`我方：赵一鸣`, `us: Olivia`)."""
        if meeting is None:
            return {r[0] for r in self.con.execute("SELECT name FROM our_people WHERE account = ?", (account,))}
        return {r[0] for r in self.con.execute("SELECT name FROM our_people WHERE account = ? AND meeting = ?",
                                               (account, meeting))}

    def statuses(self, account: str) -> dict[str, str]:
        return dict(self.con.execute("SELECT need, status FROM need_status WHERE account = ?", (account,)).fetchall())

    # --- writing -----------------------------------------------------------------------------------------------
    def add_meeting(self, meeting: Meeting, text: str, statements: list[StoredStatement],
                    vectors: list[np.ndarray | None], ours: set[str] = frozenset()) -> bool:
        """Store a meeting, its statements and the names it shows on our side in one transaction; False when the
        account already holds it."""
        with self.transaction() as con:
            con.execute("INSERT INTO accounts VALUES (?, ?) ON CONFLICT (name) DO NOTHING", (meeting.account, now()))
            if con.execute("SELECT 1 FROM meetings WHERE account = ? AND id = ?", (meeting.account, meeting.id)).fetchone():
                return False
            con.execute("INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?)",
                        (meeting.account, meeting.id, meeting.date, meeting.title, text, meeting.added))
            con.executemany("INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                (meeting.account, meeting.id, s.index, s.text, s.label, s.confidence, s.language,
                 json.dumps([p.__dict__ for p in s.people], ensure_ascii=False),
                 json.dumps(s.investment, ensure_ascii=False) if s.investment else None,
                 np.asarray(v, dtype=np.float32).tobytes() if v is not None else None)
                for s, v in zip(statements, vectors)])
            con.executemany("INSERT INTO our_people VALUES (?, ?, ?)", [(meeting.account, meeting.id, n) for n in sorted(ours)])
        return True

    def set_status(self, account: str, need: str, status: str) -> None:
        self.require(account)
        with self.transaction() as con:
            con.execute("INSERT INTO need_status VALUES (?, ?, ?) ON CONFLICT (account, need) DO UPDATE SET status = "
                        "excluded.status", (account, need, status))

    def add_override(self, account: str, action: str, a: str, b: str) -> None:
        """A rep's correction of the people: ("merge", name, other name) or ("split", name, meeting id)."""
        self.require(account)
        with self.transaction() as con:
            con.execute("INSERT INTO person_overrides VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, action, a, b) "
                        "DO NOTHING", (account, action, a, b, datetime.now(UTC).isoformat(timespec="microseconds")))

    def undo_override(self, account: str) -> tuple[str, str, str]:
        """Remove the rep's latest merge or split and return it; an account with none is an error."""
        self.require(account)
        with self.transaction() as con:
            row = con.execute("SELECT action, a, b FROM person_overrides WHERE account = ? "
                              "ORDER BY added DESC, action DESC, a DESC, b DESC LIMIT 1", (account,)).fetchone()
            if row is None:
                raise InputError(f"Account {account!r} has no merge or split to undo.")
            con.execute("DELETE FROM person_overrides WHERE account = ? AND action = ? AND a = ? AND b = ?",
                        (account, row[0], row[1], row[2]))
        return (row[0], row[1], row[2])

    def overrides(self, account: str) -> list[tuple[str, str, str]]:
        rows = self.con.execute("SELECT action, a, b FROM person_overrides WHERE account = ? ORDER BY added, action, a, b",
                                (account,))
        return [(r[0], r[1], r[2]) for r in rows]

    def set_tender_links(self, account: str, tender: str, links: list[tuple[str, int, str, float]]) -> None:
        """Which stored statements a tender's clauses cover: (meeting, statement index, clause, similarity); replaces
        what an earlier analysis of the same tender stored."""
        self.require(account)
        with self.transaction() as con:
            con.execute("DELETE FROM tender_links WHERE account = ? AND tender = ?", (account, tender))
            con.executemany("INSERT INTO tender_links VALUES (?, ?, ?, ?, ?, ?)",
                            [(account, m, i, tender, c, float(s)) for m, i, c, s in links])

    def tender_links(self, account: str) -> dict[tuple[str, int], tuple[str, str]]:
        """(meeting, statement index) -> (tender, clause) of the closest clause that covers it."""
        rows = self.con.execute("SELECT meeting, idx, tender, clause FROM tender_links WHERE account = ? "
                                "ORDER BY similarity", (account,))
        return {(r[0], r[1]): (r[2], r[3]) for r in rows}

    def save_draft(self, token: str, page: str, text: str, account: str = "") -> None:
        """What a browser tab is typing on a page, so a page change or a reload does not lose it."""
        with self.transaction() as con:
            con.execute("INSERT INTO drafts VALUES (?, ?, ?, ?, ?) ON CONFLICT (token, page) DO UPDATE SET "
                        "text = excluded.text, account = excluded.account, updated = excluded.updated",
                        (token, page, text, account, now()))

    def draft(self, token: str, page: str) -> tuple[str, str] | None:
        row = self.con.execute("SELECT text, account FROM drafts WHERE token = ? AND page = ?", (token, page)).fetchone()
        return (row[0], row[1]) if row else None

    def meetings_of_notes(self, hashes: set[str]) -> list[tuple[str, str]]:
        """(account, meeting) of every meeting whose note text has one of these content hashes (a saved note's
        source_hash), in any account."""
        rows = self.con.execute("SELECT account, id, text FROM meetings ORDER BY account, id")
        return [(r[0], r[1]) for r in rows if content_hash(r[2]) in hashes]

    def forget_drafts_of_notes(self, hashes: set[str]) -> int:
        """Drop the kept drafts whose text is one of these notes; returns how many."""
        rows = self.con.execute("SELECT token, page, text FROM drafts").fetchall()
        gone = [(r[0], r[1]) for r in rows if content_hash(r[2]) in hashes]
        if gone:
            with self.transaction() as con:
                con.executemany("DELETE FROM drafts WHERE token = ? AND page = ?", gone)
        return len(gone)

    def forget_meeting(self, account: str, meeting: str) -> list[StoredStatement]:
        """Remove a meeting and everything derived from it; the account stays, even when empty. Returns the
        statements removed, so the caller can drop their cached vectors too."""
        self.require(account)
        self.meeting_text(account, meeting)
        gone = self.statements(account)[0].get(meeting, [])
        with self.transaction() as con:
            con.execute("DELETE FROM statements WHERE account = ? AND meeting = ?", (account, meeting))
            con.execute("DELETE FROM meetings WHERE account = ? AND id = ?", (account, meeting))
            con.execute("DELETE FROM tender_links WHERE account = ? AND meeting = ?", (account, meeting))
            con.execute("DELETE FROM our_people WHERE account = ? AND meeting = ?", (account, meeting))
            con.execute("DELETE FROM person_overrides WHERE account = ? AND action = 'split' AND b = ?", (account, meeting))
        self.con.execute("VACUUM")
        return gone

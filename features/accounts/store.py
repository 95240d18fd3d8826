"""Accounts beside the library: one SQLite file (accounts.sqlite) in a library folder, or the `accounts` schema of
a server library's database (features/storage.py runs the same SQL on both). Every write is one transaction that
queues behind the others, so two people adding notes at once both land, and a failed add leaves nothing behind."""
from __future__ import annotations

import difflib
import json
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from corpus.errors import InputError
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

    def statuses(self, account: str) -> dict[str, str]:
        return dict(self.con.execute("SELECT need, status FROM need_status WHERE account = ?", (account,)).fetchall())

    # --- writing -----------------------------------------------------------------------------------------------
    def add_meeting(self, meeting: Meeting, text: str, statements: list[StoredStatement],
                    vectors: list[np.ndarray | None]) -> bool:
        """Store a meeting and its statements in one transaction; False when the account already holds it."""
        with self.transaction() as con:
            con.execute("INSERT OR IGNORE INTO accounts VALUES (?, ?)", (meeting.account, now()))
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
        return True

    def set_status(self, account: str, need: str, status: str) -> None:
        self.require(account)
        with self.transaction() as con:
            con.execute("INSERT OR REPLACE INTO need_status VALUES (?, ?, ?)", (account, need, status))

    def forget_meeting(self, account: str, meeting: str) -> list[StoredStatement]:
        """Remove a meeting and everything derived from it; the account stays, even when empty. Returns the
        statements removed, so the caller can drop their cached vectors too."""
        self.require(account)
        self.meeting_text(account, meeting)
        gone = self.statements(account)[0].get(meeting, [])
        with self.transaction() as con:
            con.execute("DELETE FROM statements WHERE account = ? AND meeting = ?", (account, meeting))
            con.execute("DELETE FROM meetings WHERE account = ? AND id = ?", (account, meeting))
        self.con.execute("VACUUM")
        return gone

"""Speed of the account view (`cli.py account show`): the view of an account of 10 meetings built from the store,
warm, beside the same account at 3 meetings in the same run (how the cost grows with the meetings).

    python -m bench.account_show

The meetings are the design accounts' own notes (corpus/accounts), added to one account in date order.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.common import ROOT, percentiles, timed
from features.accounts.service import add_note
from features.accounts.store import AccountStore
from features.accounts.view import build_view
from features.services import Services
from settings import Settings

ACCOUNTS = ("en-nordhavn-telecom", "en-savanna-mobile", "en-tidewater-ferries")  # 4 + 4 + 4 English meetings
RUNS = 7


def _notes() -> list[tuple[str, str]]:
    """(text, date) of the design accounts' meetings, in the order written."""
    gold = {json.loads(ln)["account"]: json.loads(ln) for ln in (ROOT / "corpus" / "accounts" / "gold.jsonl").read_text(
        encoding="utf-8").splitlines() if ln.strip()}
    return [((ROOT / "corpus" / "accounts" / a / m["file"]).read_text(encoding="utf-8"), m["date"])
            for a in ACCOUNTS for m in gold[a]["meetings"]]


def _view_times(store: AccountStore, account: str) -> list[float]:
    build_view(store, account)  # warm: the first build reads the tables and the word lists
    return [timed(build_view, store, account)[1] for _ in range(RUNS)]


def run() -> str:
    classifier = Services(Settings()).classifier
    notes = _notes()
    with tempfile.TemporaryDirectory() as tmp:
        store = AccountStore(Path(tmp) / "accounts.sqlite")
        for text, date in notes[:3]:
            add_note(store, "three", text, classifier, date)
        for text, date in notes[:10]:
            add_note(store, "ten", text, classifier, date)
        three, ten = percentiles(_view_times(store, "three")), percentiles(_view_times(store, "ten"))
    return "\n".join([
        "## Account view (bench/account_show.py)", "",
        f"Building the account view (decision chain, needs over time, investments, relationship, gaps, questions) from the "
        f"store, warm, {RUNS} runs each, one after the other in one process; the meetings are design-account notes.", "",
        "| account | p50 | p95 |", "|---|---|---|",
        f"| 3 meetings | {three[0]:.0f} ms | {three[1]:.0f} ms |",
        f"| 10 meetings | {ten[0]:.0f} ms | {ten[1]:.0f} ms |",
        "", f"10 meetings against 3: {ten[0] / max(three[0], 1e-9):.2f}x at p50 (target: 10 meetings within 1 s warm)."])


if __name__ == "__main__":
    print(run())

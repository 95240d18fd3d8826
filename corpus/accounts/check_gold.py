"""Self-check for corpus/accounts/gold.jsonl.

Checks that every person form, need key and investment key occurs verbatim in the
file(s) it points to, that key lengths follow the rules, that meeting dates are ISO
dates and that ids are unique. Run: python corpus/accounts/check_gold.py [FOLDER]
(FOLDER defaults to this one; corpus/accounts_heldout has the same layout)
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {"explicit", "organisational"}
LAYERS = {"decision", "management", "execution"}
STANCES = {"supporter", "neutral", "sceptic", "unknown"}
TRENDS = {"improving", "stable", "slipping"}


def check(record: dict, root: Path = HERE) -> list[str]:
    errs: list[str] = []
    acc = record["account"]
    folder = root / acc
    if record["lang"] not in {"zh", "en", "mixed"}:
        errs.append(f"{acc}: bad lang")
    texts = {}
    for m in record["meetings"]:
        path = folder / m["file"]
        if not path.exists():
            errs.append(f"{acc}: missing {m['file']}")
            continue
        texts[m["file"]] = path.read_text(encoding="utf-8")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["date"]):
            errs.append(f"{acc}: bad date {m['date']}")
        n = len(texts[m["file"]].strip().splitlines())
        if not 12 <= n <= 35:
            errs.append(f"{acc}/{m['file']}: {n} lines")
    on_disk = sorted(p.name for p in folder.glob("m*.md"))
    if on_disk != sorted(texts):
        errs.append(f"{acc}: files on disk {on_disk} != gold meetings")
    alltext = "\n".join(texts.values())

    def has(file: str, key: str, where: str, lo: int, hi: int) -> None:
        if file not in texts:
            errs.append(f"{acc}: {where} points to unknown file {file}")
        elif key not in texts[file]:
            errs.append(f"{acc}: {where} key not in {file}: {key!r}")
        if not lo <= len(key) <= hi:
            errs.append(f"{acc}: {where} key length {len(key)}: {key!r}")

    ids = [p["id"] for p in record["persons"]]
    if len(ids) != len(set(ids)):
        errs.append(f"{acc}: duplicate person ids")
    for p in record["persons"]:
        for form in p["forms"]:
            if form not in alltext:
                errs.append(f"{acc}: form {form!r} of {p['id']} not found")
        if p["layer"] not in LAYERS or p["final_stance"] not in STANCES:
            errs.append(f"{acc}: {p['id']} bad layer/stance")
        for pn in p.get("personal_needs", []):
            has(pn["file"], pn["key"], f"{p['id']} personal", 10, 50)
    seen: dict[tuple[str, str], str] = {}
    nids = [n["id"] for n in record["needs"]]
    if len(nids) != len(set(nids)):
        errs.append(f"{acc}: duplicate need ids")
    for n in record["needs"]:
        if n["label"] not in LABELS:
            errs.append(f"{acc}: {n['id']} bad label")
        for m in n["mentions"]:
            has(m["file"], m["key"], n["id"], 10, 50)
            # a statement (sentence) must sit in one cluster only
            sents = re.split(r"(?<=[。！？；!?;])|(?<=\. )|\n", texts.get(m["file"], ""))
            line = next((l for l in sents if m["key"] in l), None)
            if line is not None:
                k = (m["file"], line)
                if k in seen and seen[k] != n["id"]:
                    errs.append(f"{acc}: line in two clusters {seen[k]} / {n['id']}: {line[:30]}")
                seen[k] = n["id"]
    for i, inv in enumerate(record["investments"]):
        has(inv["file"], inv["key"], f"investment {i}", 2, 30)
        for extra in inv.get("also", []):
            has(extra["file"], extra["key"], f"investment {i} also", 2, 30)
    if record["trend"] not in TRENDS:
        errs.append(f"{acc}: bad trend")
    return errs


def main() -> int:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    errs: list[str] = []
    accounts = []
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            accounts.append(rec["account"])
            errs += check(rec, root)
    if len(accounts) != len(set(accounts)):
        errs.append("duplicate account ids")
    for e in errs:
        print(e)
    print(f"{len(accounts)} accounts, {len(errs)} problems")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())

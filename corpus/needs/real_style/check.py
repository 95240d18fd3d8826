"""Self-check for the real-style notes and the public-note labels; prints label counts.

Run: python corpus/needs/real_style/check.py  (from the repo root or anywhere)
"""
import collections, json, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PUBLIC = HERE.parents[3] / "shared" / "real-docs"
LABELS = {"explicit", "organisational", "personal", "none"}
KINDS = {"heading", "attendees", "metadata", "todo", "statement", "question", "markup"}
errors = []


def lang_of(name):
    meta = json.loads((HERE / "_src" / "meta.json").read_text(encoding="utf-8"))
    return meta[name]["lang"]


rows = [json.loads(l) for l in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
notes = {p.name: p.read_text(encoding="utf-8") for p in (HERE / "notes").iterdir()}
HELD = ("blind", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind13a", "blind14", "blind15", "blind15a", "blind16", "blind17")  # the blind sets of rounds 6 to 16 (blind16 written at the end of round 15, blind17 at the start of round 16)
if sorted(split["train"] + split["test"] + [n for k in HELD for n in split.get(k, [])]) != sorted(notes) or len(split["test"]) != 12:
    errors.append("split.json does not cover the notes exactly (train / 12 test / blind sets)")
last_pos = collections.defaultdict(lambda: -1)
per_note = collections.Counter()
for r in rows:
    body, k = notes.get(r["note"]), r["key"]
    if body is None:
        errors.append(f"unknown note {r['note']}"); continue
    if body.count(k) != 1:
        errors.append(f"{r['note']}: key occurs {body.count(k)}x: {k!r}")
    if "\n" in k or len(k) > 60 or (len(k) < 10 and k.strip() != k):
        errors.append(f"{r['note']}: bad key length/shape {k!r}")
    pos = body.find(k)
    if pos < last_pos[r["note"]]:
        errors.append(f"{r['note']}: row out of order {k!r}")
    last_pos[r["note"]] = pos
    if r["label"] not in LABELS or r["kind"] not in KINDS or r["side"] not in {"customer", "us", "unknown"}:
        errors.append(f"{r['note']}: bad field in {r}")
    if r["side"] == "us" and r["label"] != "none":
        errors.append(f"{r['note']}: our own line not none: {k!r}")
    per_note[r["note"]] += 1
for n, c in per_note.items():
    if not 15 <= c <= 45:
        errors.append(f"{n}: {c} statements (want 15-45)")

pub = [json.loads(l) for l in (HERE / "public_labels.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
docs = {}
for r in pub:
    if r["doc"] not in docs:
        p = PUBLIC / r["doc"]
        docs[r["doc"]] = p.read_text(encoding="utf-8") if p.exists() else None
    body = docs[r["doc"]]
    if body is None:
        errors.append(f"public doc missing: {r['doc']}"); continue
    if len(r["key"]) > 20 or body.count(r["key"]) != 1:
        errors.append(f"{r['doc']}: key occurs {body.count(r['key'])}x or too long: {r['key']!r}")
    if r["label"] not in LABELS:
        errors.append(f"{r['doc']}: bad label {r}")
pub_keys = collections.Counter((r["doc"], r["key"]) for r in pub)
errors += [f"duplicate public key {k}" for k, c in pub_keys.items() if c > 1]

print("real-style notes:", len(notes), "rows:", len(rows))
for part in ("train", "test", *HELD):
    names = set(split.get(part, []))
    by = collections.defaultdict(collections.Counter)
    for r in rows:
        if r["note"] in names:
            by[lang_of(r["note"])][r["label"]] += 1
            by["all"][r["label"]] += 1
    for lang in ("zh", "en", "mixed", "all"):
        c = by[lang]
        print(f"  {part:5} {lang:5} n={sum(c.values()):4} " + " ".join(f"{l}={c[l]}" for l in sorted(LABELS)))
pc = collections.Counter(r["label"] for r in pub)
print("public labels:", len(pub), "docs:", len(docs), dict(sorted(pc.items())))
for d in sorted(docs):
    print(f"  {d}: {sum(1 for r in pub if r['doc'] == d)}")
if errors:
    print(f"{len(errors)} ERRORS"); print("\n".join(errors[:50])); sys.exit(1)
print("OK: every key occurs exactly once in its note")

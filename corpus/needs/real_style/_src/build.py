"""Render the annotated sources in _src/*.src into notes/ and labels.jsonl.

Source format: a note starts with `=== NN_name.ext lang format`. Every other non-blank line is
`CODE text`, CODE = label letter (E/O/P/N) + kind letter (h heading, a attendees, m metadata,
t todo, s statement, q question, x markup) + side letter (c customer, u us, x unknown) and an
optional `@` (speaker turn: the speaker is the text before the first ':' or '：').
Several statements on one rendered line are joined with ` || ` (space) or ` |/ ` (no space), each
segment with its own CODE. A blank source line is a blank line in the note.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LAB = {"E": "explicit", "O": "organisational", "P": "personal", "N": "none"}
KIND = {"h": "heading", "a": "attendees", "m": "metadata", "t": "todo", "s": "statement",
        "q": "question", "x": "markup"}
SIDE = {"c": "customer", "u": "us", "x": "unknown"}
CODE = re.compile(r"^([EOPN])([hamtsqx])([cux])(@?) (.*)$")
SPK = re.compile(r"^\s*([^:：\n]{1,30}?)\s*[:：]\s*")


def parse(path):
    notes, cur = [], None
    for ln, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("=== "):
            name, lang, fmt = raw[4:].split()[:3]
            cur = {"name": name, "lang": lang, "format": fmt, "lines": []}
            notes.append(cur)
            continue
        if cur is None:
            continue
        if not raw.strip():
            cur["lines"].append([])
            continue
        parts = re.split(r" (\|\||\|/) ", raw)
        segs, joiner = [], " "
        for i, p in enumerate(parts):
            if i % 2 == 1:
                joiner = " " if p == "||" else ""
                continue
            m = CODE.match(p)
            if not m:
                sys.exit(f"{path.name}:{ln}: bad code in {p[:40]!r}")
            segs.append({"label": LAB[m[1]], "kind": KIND[m[2]], "side": SIDE[m[3]],
                         "turn": bool(m[4]), "text": m[5], "join": joiner if segs else "", "cont": bool(segs)})
        cur["lines"].append(segs)
    return notes


def choose_key(text, body, start):
    n = len(text)
    lo = min(10, n)
    for a in range(start, n):
        for L in range(max(lo, min(30, n - a)), min(60, n - a) + 1):
            k = text[a:a + L]
            if k != k.strip() or "\n" in k:
                continue
            if body.count(k) == 1:
                return k
    return None


def main():
    (ROOT / "notes").mkdir(exist_ok=True)
    rows, meta, bad = [], {}, 0
    for src in sorted(HERE.glob("*.src")):
        for note in parse(src):
            rendered, stmts = [], []
            for segs in note["lines"]:
                line, speaker = "", None
                for s in segs:
                    t = s["text"]
                    if s["turn"] and not s["cont"]:
                        m = SPK.match(t)
                        speaker = m[1] if m else None
                        s["start"] = m.end() if m else 0
                    else:
                        s["start"] = 0
                        if not s["turn"]:
                            speaker = None
                    s["speaker"] = speaker if s["turn"] else None
                    line += s["join"] + t
                    stmts.append(s)
                rendered.append(line)
            body = "\n".join(rendered).rstrip() + "\n"
            (ROOT / "notes" / note["name"]).write_text(body, encoding="utf-8")
            meta[note["name"]] = {"lang": note["lang"], "format": note["format"], "n": len(stmts)}
            for s in stmts:
                k = choose_key(s["text"], body, s["start"]) or choose_key(s["text"], body, 0)
                if k is None:
                    print("NO UNIQUE KEY", note["name"], s["text"][:50]); bad += 1; continue
                kind = s["kind"]
                if kind == "statement" and s["text"].rstrip().endswith(("?", "？")):
                    kind = "question"  # form, not content: a request can be asked as a question
                rows.append({"note": note["name"], "key": k, "label": s["label"],
                             "speaker": s["speaker"], "side": s["side"], "kind": kind})
    with open(ROOT / "labels.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (HERE / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    print(len(meta), "notes", len(rows), "rows", bad, "bad")
    for n, m in meta.items():
        if not 15 <= m["n"] <= 45:
            print("COUNT OUT OF RANGE", n, m["n"])


if __name__ == "__main__":
    main()

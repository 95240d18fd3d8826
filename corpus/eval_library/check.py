"""Self-check for the held-out single-language library: front matter, shape, lengths, and query ids.

Run from the repository root: .venv/bin/python corpus/eval_library/check.py
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
INDUSTRIES = {"telecom", "it_cloud", "consulting", "manufacturing", "public", "banking", "healthcare", "energy",
              "retail", "logistics"}
KEYS = {"id", "title", "customer", "industry", "region", "country", "year", "outcome", "tags", "language"}
HEADINGS = {
    "en": ["## Situation", "## Needs found", "### Explicit", "### Organisational", "### Personal",
           "## What was done", "## Result"],
    "zh": ["## 背景", "## 发现的需求", "### 显性需求", "### 组织隐性需求", "### 个人隐性需求", "## 做法", "## 结果"],
}


def size(body: str, lang: str) -> int:
    if lang == "zh":
        return len(re.findall(r"[\u4e00-\u9fff]", body))
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", body))


def main() -> int:
    errors: list[str] = []
    cases: dict[str, str] = {}
    for path in sorted((HERE / "cases").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            errors.append(f"{path.name}: no front matter")
            continue
        end = text.find("\n---", 3)
        try:
            meta = yaml.safe_load(text[3:end])
        except yaml.YAMLError as err:
            errors.append(f"{path.name}: bad YAML ({err})")
            continue
        body = text[end + 4:]
        missing = KEYS - set(meta)
        if missing:
            errors.append(f"{path.name}: missing {sorted(missing)}")
        if "translation" in meta:
            errors.append(f"{path.name}: must not set translation")
        if meta.get("id") != path.stem:
            errors.append(f"{path.name}: id {meta.get('id')} differs from file name")
        lang = meta.get("language")
        if lang not in ("en", "zh") or not path.stem.startswith(lang + "-"):
            errors.append(f"{path.name}: language {lang} does not match the id prefix")
            continue
        if meta.get("industry") not in INDUSTRIES:
            errors.append(f"{path.name}: industry {meta.get('industry')}")
        if meta.get("outcome") not in ("won", "lost", "ongoing"):
            errors.append(f"{path.name}: outcome {meta.get('outcome')}")
        if not isinstance(meta.get("tags"), list) or not isinstance(meta.get("year"), int):
            errors.append(f"{path.name}: tags must be a list and year an integer")
        pos = -1
        for heading in HEADINGS[lang]:
            found = body.find("\n" + heading + "\n", pos + 1)
            if found < 0:
                errors.append(f"{path.name}: heading '{heading}' missing or out of order")
                break
            pos = found
        n = size(body, lang)
        if not 250 <= n <= 600:
            errors.append(f"{path.name}: {n} {'characters' if lang == 'zh' else 'words'}, outside 250-600")
        if lang == "en" and re.search(r"[\u4e00-\u9fff]", body):
            errors.append(f"{path.name}: English case contains Chinese text")
        cases[path.stem] = lang

    kinds: Counter = Counter()
    for i, line in enumerate((HERE / "queries.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        q = json.loads(line)
        kinds[(q["kind"], q["lang"])] += 1
        if set(q) != {"query", "lang", "kind", "relevant"} or q["lang"] not in ("en", "zh"):
            errors.append(f"query {i}: bad fields")
        for rid in q["relevant"]:
            if rid not in cases:
                errors.append(f"query {i}: unknown id {rid}")
        langs = {cases.get(r) for r in q["relevant"]}
        if q["kind"] == "offtopic" and q["relevant"]:
            errors.append(f"query {i}: off-topic query with relevant cases")
        if q["kind"] != "offtopic" and not q["relevant"]:
            errors.append(f"query {i}: no relevant case")
        if q["kind"] == "same" and langs != {q["lang"]}:
            errors.append(f"query {i}: 'same' query but relevant case in another language")
        if q["kind"] == "cross" and q["lang"] in langs:
            errors.append(f"query {i}: 'cross' query but relevant case in the query language")

    never = sorted(set(cases) - {r for line in (HERE / "queries.jsonl").read_text(encoding='utf-8').splitlines()
                                 for r in json.loads(line)["relevant"]})
    print(f"cases: {Counter(cases.values())}")
    print("queries:", dict(sorted(kinds.items())), "total", sum(kinds.values()))
    if never:
        print("cases no query points to:", never)
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

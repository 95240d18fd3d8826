"""`make bench`: run the benchmarks and write BENCHMARKS.md with the machine and the date.

`python -m bench.run_all load tender` reruns only those and replaces their sections, keeping the rest.
"""
from __future__ import annotations

import datetime
import re
import sys

from bench import account_show, analyse_speed, app_speed, cold_start, embedders, load, search_latency, tender_speed
from bench.common import ROOT, machine

BENCHES = [("embedders", embedders), ("analyse", analyse_speed), ("search", search_latency),
           ("tender", tender_speed), ("app", app_speed), ("load", load), ("cold", cold_start),
           ("accounts", account_show)]
OUT = ROOT / "BENCHMARKS.md"


def _sections(text: str) -> dict[str, str]:
    """'## Title (bench/x.py)' -> the section's text, in order."""
    parts = re.split(r"(?m)^(?=## )", text)
    return {p.splitlines()[0]: p.rstrip() for p in parts if p.startswith("## ")}


def main(only: list[str]) -> None:
    sections = _sections(OUT.read_text(encoding="utf-8")) if only and OUT.exists() else {}
    stamp = f"{datetime.date.today().isoformat()}, {machine()}"
    for name, module in BENCHES:
        if only and name not in only:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        fresh = module.run().rstrip() + f"\n\n_Measured {stamp}._"
        sections[fresh.splitlines()[0]] = fresh
    head = ["# Benchmarks", "",
            "Written by `make bench` (`python -m bench.run_all`); each section says when and on what machine it was measured.",
            "Each table compares alternatives measured side by side in the same run; these shared machines are noisy,",
            "so read differences of a few percent as ties.", ""]
    OUT.write_text("\n".join(head) + "\n" + "\n\n".join(sections.values()) + "\n", encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])

"""`make bench`: run every benchmark in one process run and write BENCHMARKS.md with the machine and the date."""
from __future__ import annotations

import datetime
import sys

from bench import analyse_speed, app_speed, embedders, load, search_latency, tender_speed
from bench.common import ROOT, machine

BENCHES = [("embedders", embedders), ("analyse", analyse_speed), ("search", search_latency),
           ("tender", tender_speed), ("app", app_speed), ("load", load)]


def main(only: list[str]) -> None:
    sections = []
    for name, module in BENCHES:
        if only and name not in only:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        sections.append(module.run())
    head = ["# Benchmarks", "",
            f"Written by `make bench` on {datetime.date.today().isoformat()}; machine: {machine()}.",
            "Each table compares alternatives measured side by side in the same run; these shared machines are noisy,",
            "so read differences of a few percent as ties.", ""]
    text = "\n".join(head) + "\n" + "\n\n".join(sections) + "\n"
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])

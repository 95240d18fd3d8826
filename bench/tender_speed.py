"""A 100-page tender: requirement matrix time on this machine (7 copies of the 15-page hospital tender, ~105 pages)."""
from __future__ import annotations

import copy
import tempfile
import time
from pathlib import Path

import docx

from bench.common import ROOT
from features.services import Services
from features.tender.matrix import analyse_tender
from settings import Settings


def _big_tender(path: Path, copies: int = 7) -> None:
    src = docx.Document(str(ROOT / "corpus/tenders/tender_en_hospital.docx"))
    body = src.element.body
    items = [copy.deepcopy(el) for el in body.iterchildren() if not el.tag.endswith("sectPr")]
    for _ in range(copies - 1):
        for el in items:
            body.insert(len(body) - 1, copy.deepcopy(el))
    src.save(str(path))


def run() -> str:
    svc = Services(Settings())
    svc.embedder.cache = None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tender-100-pages.docx"
        _big_tender(path)
        t = time.perf_counter()
        report = analyse_tender(path, svc.classifier, svc.library())
        secs = time.perf_counter() - t
    return "\n".join([
        "## Tender matrix speed (bench/tender_speed.py)", "",
        "| tender | clauses | seconds (extraction, labels, past matches; cache off) |", "|---|---|---|",
        f"| ~105 pages (7 x the 15-page hospital tender) | {len(report.rows)} | {secs:.1f} |",
    ])


if __name__ == "__main__":
    print(run())

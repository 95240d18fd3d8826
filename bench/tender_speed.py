"""Long tenders: requirement matrix time on this machine (7 copies of the 15-page hospital tender, ~105 pages, and the
111-page Chinese PDF of the field set when ../shared/real-docs is there)."""
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


def _timed(path: Path, svc) -> tuple[int, float, float, float]:
    """(clauses, seconds to read and extract, seconds for the whole matrix, CPU seconds for it: on a shared machine
    the wall clock depends on the other jobs, the CPU time much less)."""
    from corpus.readers.dispatch import read_blocks
    from features.tender.clauses import extract_requirements

    t = time.perf_counter()
    extract_requirements(read_blocks(path))
    extract = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    report = analyse_tender(path, svc.classifier, svc.library())
    return len(report.rows), extract, time.perf_counter() - t, time.process_time() - cpu


def run() -> str:
    from features.tender.real_eval import real_docs_folder

    svc = Services(Settings())
    svc.embedder.cache = None
    lines = ["## Tender matrix speed (bench/tender_speed.py)", "",
             "| tender | clauses | seconds to read and extract | seconds for the matrix (extraction, labels, past matches; "
             "cache off) | CPU seconds for the matrix |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tender-100-pages.docx"
        _big_tender(path)
        n, extract, secs, cpu = _timed(path, svc)
        lines.append(f"| ~105 pages (7 x the 15-page hospital tender) | {n} | {extract:.1f} | {secs:.1f} | {cpu:.1f} |")
    real = real_docs_folder(ROOT) / "zh_guangdong_tax_canteen.pdf"
    if real.exists():  # the 111-page public tender of the field set (kept outside the project)
        n, extract, secs, cpu = _timed(real, svc)
        lines.append(f"| 111-page Chinese PDF (zh_guangdong_tax_canteen, field set) | {n} | {extract:.1f} | {secs:.1f} "
                     f"| {cpu:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())

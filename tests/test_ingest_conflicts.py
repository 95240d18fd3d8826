"""Ingest behaviour that lives in index/library.py (issue 14, for the lead): duplicate ids are conflicts, not silent
overwrites, and a large ingest streams in committed batches. Written before the fix: these fail until it lands.

Assumed interface: `Library.ingest(paths, progress=None, replace=False)`; a conflict is reported in
`IngestReport.failed` (file name, one sentence naming the id and the file that holds it) and leaves the
existing case as it was; `replace=True` lets a file take over an id that another file holds.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import generations as gens
from index.library import Library
from index.maintenance import check
from tests.conftest import ROOT

TARGET = "venezuela-roaming-31-minutes-en"


def _case(path: Path, case_id: str, text: str) -> Path:
    path.write_text(f"---\nid: {case_id}\ntitle: {path.stem}\n---\n{text}\n", encoding="utf-8")
    return path


def test_a_file_reusing_an_existing_id_is_a_conflict_not_an_overwrite(library_copy, tmp_path):
    before = library_copy.case(TARGET)
    clash = _case(tmp_path / "clash.md", TARGET, "A different story about printers that must not replace the case.")
    report = library_copy.ingest([clash])
    assert TARGET not in report.updated and TARGET not in report.added
    reasons = " ".join(reason for name, reason in report.failed if name == "clash.md")
    assert TARGET in reasons and before.source in reasons, report.to_dict()
    assert library_copy.case(TARGET).text == before.text
    assert check(library_copy) == []


def test_replace_lets_a_file_take_over_an_id_on_request(library_copy, tmp_path):
    clash = _case(tmp_path / "clash.md", TARGET, "A different story about printers, replacing the case on purpose.")
    report = library_copy.ingest([clash], replace=True)
    assert report.updated == [TARGET]
    assert "printers" in library_copy.case(TARGET).text


def test_two_files_with_one_id_in_a_batch_keep_the_first_and_name_both(library_copy, tmp_path):
    first = _case(tmp_path / "a-first.md", "same-id", "The customer needs the upgrade before the audit in March.")
    second = _case(tmp_path / "b-second.md", "same-id", "A second file that claims the same id with other text.")
    report = library_copy.ingest([first, second])
    assert report.added == ["same-id"]
    reasons = " ".join(reason for name, reason in report.failed if name == "b-second.md")
    assert "same-id" in reasons and "a-first.md" in reasons, report.to_dict()
    assert "upgrade before the audit" in library_copy.case("same-id").text


def test_changing_the_same_file_is_still_an_update(library_copy, tmp_path):
    path = _case(tmp_path / "mine.md", "mine", "The customer needs the upgrade before the audit in March.")
    assert library_copy.ingest([path]).added == ["mine"]
    _case(path, "mine", "The customer needs the upgrade before the audit in April, and a training plan.")
    assert library_copy.ingest([path]).updated == ["mine"]


# --- streaming ingest ---------------------------------------------------------------------------
def _small_files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    topics = ("billing migration", "network expansion", "support contract", "data centre move", "fleet tracking")
    for i in range(n):
        (folder / f"small-{i:05d}.md").write_text(
            f"Customer {i} wants the {topics[i % 5]} done by quarter {i % 4 + 1}. "
            f"Their finance team worries about cash in month {i % 12 + 1}.\n", encoding="utf-8")
    return sorted(folder.glob("*.md"))


@pytest.mark.slow
def test_two_thousand_small_files_finish_within_ten_minutes(library_copy, tmp_path):
    _small_files(tmp_path / "many", 2000)
    started = time.perf_counter()
    report = library_copy.ingest([tmp_path / "many"])
    seconds = time.perf_counter() - started
    assert len(report.added) == 2000 and not report.failed
    assert seconds < 600, f"{seconds:.0f} s"
    assert check(library_copy) == []


@pytest.mark.slow
def test_a_killed_large_ingest_keeps_the_batches_it_committed(library_copy, cli_data_dir, tmp_path):
    _small_files(tmp_path / "many", 2000)
    folder = library_copy.folder
    first = gens.current(folder).name
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "--data-dir", str(cli_data_dir), "ingest",
                             str(tmp_path / "many"), "--library", str(folder), "--quiet"], cwd=ROOT,
                            env=dict(os.environ, HF_HUB_OFFLINE="1"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 400
    while time.time() < deadline and gens.current(folder).name == first and proc.poll() is None:
        time.sleep(0.5)  # wait for the first committed batch
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    library = Library(folder, library_copy.embedder)
    n = len([c for c in library.cases() if c.id.startswith("small-")])
    assert n > 0, "nothing was committed before the kill"
    assert check(library) == []

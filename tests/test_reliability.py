"""Reliability, privacy and security: odd input everywhere, killed ingests, concurrent use, no outbound network."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.errors import InputError
from corpus.readers import read_path
from corpus.textfile import decode_bytes
from index.library import Library
from index.maintenance import check, forget
from nlp.text import normalise, segment
from tests.conftest import CASES, ROOT, SMALL_IDS

GUARD = ROOT / "tests" / "guard"


# --- property tests ---------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_segmentation_never_fails_and_offsets_stay_inside(text):
    for s in segment(text):
        assert 0 <= s.start < s.end <= len(text)
        assert normalise(text[s.start:s.end]) == s.text
        assert s.language in ("zh", "en", "mixed")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_one_plain_error(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except InputError as err:
        assert "\n" not in str(err) and str(err)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), ext=st.sampled_from([".md", ".txt", ".docx", ".pdf", ".csv", ".jsonl", ".xlsx"]))
def test_readers_on_any_bytes_give_cases_or_one_plain_error(tmp_path, data, ext):
    path = tmp_path / f"random{ext}"
    path.write_bytes(data)
    try:
        cases = read_path(path)
        assert all(c.text.strip() for c in cases)
    except InputError as err:
        assert "\n" not in str(err)


# --- odd files into the library ---------------------------------------------------------------
def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"0" * (250 * 1024 * 1024))


def test_bad_files_are_reported_and_the_library_stays_as_it_was(library_copy, tmp_path):
    before = sorted(c.id for c in library_copy.cases())
    bad = tmp_path / "bad"
    bad.mkdir()
    _zip_bomb(bad / "bomb.docx")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (bad / "wrong.csv").write_text("name,age\nx,3\n", encoding="utf-8")
    (bad / "odd name .. 名字 ;'$.md").write_text("---\nid: odd-名字\n---\n<script>alert(1)</script> [x](javascript:y) 客户要求年底前完成扩容。",
                                            encoding="utf-8")
    report = library_copy.ingest([bad])
    failed = {name for name, _ in report.failed}
    assert failed == {"bomb.docx", "empty.txt", "binary.txt", "truncated.pdf", "wrong.csv"}
    assert all("\n" not in reason for _, reason in report.failed)
    assert report.added == ["odd-名字"]
    assert sorted(c.id for c in library_copy.cases()) == sorted(before + ["odd-名字"])
    assert check(library_copy) == []


def test_a_huge_text_is_refused_with_its_limit(library_copy, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(("客户要求年底前完成扩容。" * 10 + "\n") * 30_000, encoding="utf-8")  # ~11 MB
    report = library_copy.ingest([big])
    assert report.failed and "limit" in report.failed[0][1]
    assert check(library_copy) == []


# --- crash safety ---------------------------------------------------------------------------
def _search_ids(library: Library) -> list[str]:
    return [h.id for h in library.search("hyperinflation local currency payment", 5)]


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.8, 2.5, 5.0])
def test_killed_ingest_leaves_the_library_whole(library_copy, cli_data_dir, embedder, classifier, delay):
    expected = _search_ids(library_copy)
    more = [p for p in sorted(CASES.glob("*.md")) if p.stem not in SMALL_IDS][:12]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "--data-dir", str(cli_data_dir), "ingest", *map(str, more),
                             "--library", str(library_copy.folder), "--quiet"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reopened = Library(library_copy.folder, embedder, classifier)
    assert check(reopened) == []
    ids = {c.id for c in reopened.cases()}
    assert set(SMALL_IDS) <= ids  # nothing that was there is lost
    assert ids in (set(SMALL_IDS), set(SMALL_IDS) | {p.stem for p in more})  # all of the batch or none of it
    if ids == set(SMALL_IDS):
        assert _search_ids(reopened) == expected
    report = reopened.ingest(more)  # the next writer cleans up and goes on
    assert not report.failed and check(reopened) == []


# --- concurrency ----------------------------------------------------------------------------
@pytest.mark.slow
def test_searches_and_analyses_answer_while_another_session_ingests(library_copy, classifier):
    from nlp.analyse import analyse

    errors: list[BaseException] = []
    answered = {"search": 0, "analyse": 0}
    stop = threading.Event()

    def searcher():
        while not stop.is_set():
            try:
                hits = library_copy.search("roaming outage fixed quickly", 3)
                assert hits, "a search returned nothing during the ingest"
                answered["search"] += 1
            except BaseException as err:  # noqa: BLE001 - collected and asserted below
                errors.append(err)

    def analyser():
        while not stop.is_set():
            try:
                assert analyse("- They need 7x24 support.\n- 采购经理怕担责任。", classifier).needs
                answered["analyse"] += 1
            except BaseException as err:  # noqa: BLE001
                errors.append(err)

    workers = [threading.Thread(target=searcher) for _ in range(3)] + [threading.Thread(target=analyser)]
    for w in workers:
        w.start()
    more = [p for p in sorted(CASES.glob("*.md")) if p.stem not in SMALL_IDS][:4]
    report = library_copy.ingest(more)
    during_ingest = answered["search"]
    deadline = time.time() + 60
    while (answered["search"] <= 5 or answered["analyse"] <= 2) and time.time() < deadline and not errors:
        time.sleep(0.2)  # on a loaded machine the readers may need a moment more after the ingest
    stop.set()
    for w in workers:
        w.join(30)
    assert not errors, errors[:3]
    assert len(report.added) == 4 and check(library_copy) == []
    assert during_ingest >= 1  # searches answered while the writer was busy, not only after it
    assert answered["search"] > 5 and answered["analyse"] > 2


# --- privacy ----------------------------------------------------------------------------------
def test_forget_leaves_no_trace(library_copy, embedder):
    target = "venezuela-roaming-31-minutes-en"
    text = library_copy.case(target).text
    assert forget(library_copy, [target]) == [target]
    assert library_copy.case(target) is None and check(library_copy) == []
    gens = [g for g in library_copy.folder.glob("gen-*")]
    assert len(gens) == 1
    needle = max(text.splitlines(), key=len)[:60].encode()
    assert len(needle) >= 40
    for f in library_copy.folder.rglob("*"):
        if f.is_file():
            assert needle not in f.read_bytes(), f"forgotten text still in {f.name}"


def test_cli_makes_no_outbound_connection(run_cli, tmp_path, monkeypatch):
    log = tmp_path / "guard.log"
    monkeypatch.setenv("PYTHONPATH", str(GUARD))
    monkeypatch.setenv("NETWORK_GUARD_LOG", str(log))
    note = tmp_path / "n.txt"
    note.write_text("- The CFO needs local-currency pricing.\n- 采购经理想晋升。\n", encoding="utf-8")
    r = run_cli("analyse", str(note), "--json")
    assert r.returncode == 0, r.stderr
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"],
                           capture_output=True, env=dict(os.environ))
    assert probe.returncode != 0 and b"network guard" in probe.stderr  # the guard is really loaded
    assert log.read_text().count("192.0.2.1") == 1  # and only the probe tried to leave the machine


def test_app_config_is_private_and_local():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config and 'address = "127.0.0.1"' in config
    assert "--server.address 127.0.0.1" in (ROOT / "Makefile").read_text()


# --- security review --------------------------------------------------------------------------
def _sources(*folders: str):
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def test_no_unsafe_html_and_no_pickle_loads():
    for path in list(_sources("ui", "corpus", "nlp", "index")) + [ROOT / "app.py", ROOT / "cli.py"]:
        code = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in code, path
        assert "st.html(" not in code, path
        for banned in (r"import pickle", r"joblib", r"allow_pickle=True", r"torch\.load", r"(?<![\w.])eval\(", r"(?<![\w.])exec\("):
            assert not re.search(banned, code), f"{banned} in {path}"

"""Reliability, privacy and security: odd input everywhere, killed ingests, concurrent use, no outbound network."""
from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.errors import InputError
from corpus.readers import read_path
from corpus.records import Case
from corpus.textfile import decode_bytes
from index import generations as gens
from index.errors import LibraryError
from index.library import Library
from index.maintenance import check, forget, repair
from nlp.redact import redact
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
def test_forget_leaves_no_trace_in_the_library_folder(library_copy, embedder):
    """The library folder only; the embedding cache and corrections: test_forget_reaches_corrections_cached_vectors_..."""
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
        if path.name == "uploader.py":  # one style sheet made of constants only (see test_uploader_style_is_constants)
            assert code.count("st.html(") == 1 and "st.html(_css(" in code, path
        else:
            assert "st.html(" not in code, path
        for banned in (r"import pickle", r"joblib", r"allow_pickle=True", r"torch\.load", r"(?<![\w.])eval\(", r"(?<![\w.])exec\("):
            assert not re.search(banned, code), f"{banned} in {path}"


def test_uploader_style_is_constants():
    from ui.uploader import _css

    css = _css("analyse_upload", ["txt", "md"], 20)
    assert css.startswith("<style>") and css.endswith("</style>") and css.count("<") == 2
    for key, types in (("x'}</style><script>", ["txt"]), ("ok", ["t<b>"])):
        with pytest.raises(ValueError):
            _css(key, types, 20)


# --- a damaged or tampered library ---------------------------------------------------------------
NEW_CASE = "The operator wants the billing move finished before the audit; the finance head fears penalties.\n"


@pytest.mark.slow
@pytest.mark.parametrize("pointer", [b"\xff\xfe", b"gen-000001/../../../elsewhere", b"../../etc"], ids=["garbage", "traversal", "outside"])
def test_a_bad_current_pointer_is_never_followed_and_repair_restores_it(library_copy, embedder, classifier, tmp_path, pointer):
    folder = library_copy.folder
    ids = sorted(c.id for c in library_copy.cases())
    elsewhere = folder.parent.parent / "elsewhere"  # where the traversal leads: a copy, so that it would load
    shutil.rmtree(elsewhere, ignore_errors=True)
    shutil.copytree(gens.current(folder), elsewhere)
    (folder / "CURRENT").write_bytes(pointer)
    new = tmp_path / "new.md"
    new.write_text(NEW_CASE, encoding="utf-8")
    with pytest.raises(LibraryError, match="check --repair"):
        Library(folder, embedder, classifier)
    with pytest.raises(LibraryError, match="check --repair"):  # a write must not publish a library of one case
        Library(folder, embedder, classifier, load=False).ingest([new])
    assert "rebuilt from gen-" in repair(Library(folder, embedder, load=False))
    repaired = Library(folder, embedder, classifier)
    assert sorted(c.id for c in repaired.cases()) == ids and check(repaired) == []
    assert gens.current(folder).parent == folder
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(p.name for p in gens.current(folder).iterdir())


@pytest.mark.slow
def test_check_repair_rebuilds_keywords_and_pointer_from_the_cli(library_copy, run_cli):
    folder = library_copy.folder
    ids = sorted(c.id for c in library_copy.cases())
    npz = gens.current(folder) / "bm25.npz"
    npz.write_bytes(npz.read_bytes()[: npz.stat().st_size // 2])  # a damaged zip: BadZipFile before the fix
    r = run_cli("search", "currency", "--library", str(folder))
    assert r.returncode == 2 and b"Traceback" not in r.stderr and b"check --repair" in r.stderr
    (folder / "CURRENT").write_bytes(b"\x00\xff")
    r = run_cli("check", "--repair", "--library", str(folder))
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr.decode()[-800:]
    assert b"library is consistent" in r.stdout
    r = run_cli("search", "currency", "--library", str(folder), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)
    assert sorted(c.id for c in Library(folder, library_copy.embedder).cases()) == ids


def test_library_cache_and_corrections_are_private(library_copy, tmp_path):
    from features.corrections import add_correction
    from nlp.embed import EmbeddingCache

    new = tmp_path / "new.md"
    new.write_text(NEW_CASE, encoding="utf-8")
    library_copy.ingest([new])
    add_correction(library_copy.folder, "a statement", "personal", "explicit", "en")
    cache = EmbeddingCache(tmp_path / "cache" / "embeddings.sqlite")
    cache.put_many({"k": np.ones(4, np.float32)})
    for root in (library_copy.folder, tmp_path / "cache"):
        assert stat.S_IMODE(root.stat().st_mode) == 0o700, root
        for p in root.rglob("*"):
            mode = stat.S_IMODE(p.stat().st_mode)
            assert mode == (0o700 if p.is_dir() else 0o600), f"{p.relative_to(root)} is {oct(mode)}"


# --- the file system says no ----------------------------------------------------------------------
@contextlib.contextmanager
def _unwritable(folder: Path):
    """A folder nobody may write into, root included (the immutable flag), or by mode for other users."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("chattr +i is not available here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)


def _assert_one_sentence_and_nothing_changed(lib, new, ids, words):
    with pytest.raises(LibraryError) as err:
        lib.ingest([new])
    message = str(err.value)
    assert "\n" not in message and any(w in message for w in words), message
    assert sorted(c.id for c in lib.cases()) == ids


def test_a_folder_without_write_permission_gives_one_sentence(library_copy, tmp_path):
    new = tmp_path / "new.md"
    new.write_text(NEW_CASE, encoding="utf-8")
    ids = sorted(c.id for c in library_copy.cases())
    with _unwritable(library_copy.folder):
        _assert_one_sentence_and_nothing_changed(library_copy, new, ids, ("permission", "read-only"))


@contextlib.contextmanager
def _small_file_system(tmp_path: Path, size: str):
    mount = tmp_path / "fs"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a file system here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)  # lazy: the library still holds files open


def test_a_read_only_file_system_gives_one_sentence(small_library, embedder, classifier, tmp_path):
    new = tmp_path / "new.md"
    new.write_text(NEW_CASE, encoding="utf-8")
    with _small_file_system(tmp_path, "16m") as mount:
        shutil.copytree(small_library.folder, mount / "library")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        lib = Library(mount / "library", embedder, classifier)
        _assert_one_sentence_and_nothing_changed(lib, new, sorted(SMALL_IDS), ("read-only",))


def test_a_really_full_disk_gives_one_sentence(small_library, embedder, classifier, tmp_path):
    new = tmp_path / "new.md"
    new.write_text(NEW_CASE, encoding="utf-8")
    size = sum(f.stat().st_size for f in small_library.folder.rglob("*") if f.is_file())
    with _small_file_system(tmp_path, str(size + size // 2)) as mount:  # room for the library, not for a second copy
        shutil.copytree(small_library.folder, mount / "library")
        lib = Library(mount / "library", embedder, classifier)
        _assert_one_sentence_and_nothing_changed(lib, new, sorted(SMALL_IDS), ("disk is full",))
        assert check(lib) == []


@pytest.mark.slow
def test_a_full_disk_gives_one_sentence_and_keeps_the_library(library_copy, cli_data_dir, tmp_path):
    new = tmp_path / "new.md"
    new.write_text(NEW_CASE, encoding="utf-8")
    ids = sorted(c.id for c in library_copy.cases())

    def small_files():  # files may not grow past 32 KB: the library copy hits "disk full" half way
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))

    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--data-dir", str(cli_data_dir), "ingest", str(new),
                        "--library", str(library_copy.folder), "--quiet"], capture_output=True, cwd=ROOT,
                       env=dict(os.environ, HF_HUB_OFFLINE="1"), preexec_fn=small_files, timeout=300)
    err = r.stderr.decode().strip()
    assert r.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1, err[-800:]
    assert "disk" in err and "free some space" in err
    assert sorted(c.id for c in Library(library_copy.folder, library_copy.embedder).cases()) == ids
    assert check(Library(library_copy.folder, library_copy.embedder)) == []


# --- forgetting, all of it ---------------------------------------------------------------------------
def test_forget_reaches_corrections_cached_vectors_and_finishes_a_killed_forget(library_copy, embedder):
    from features.corrections import add_correction, forget_cases, stored_corrections
    from nlp.embed.base import content_key

    folder, target = library_copy.folder, "hyperinflation-local-currency-prepayment-en"
    statements = [s["text"] for s in library_copy.statements(target)]
    note = "The CFO Li Na wants a visible win before the board meeting in spring."
    report = library_copy.ingest_cases([Case(id="note-x", title="a note", text=redact(note), kind="note", source="app",
                                             source_hash="x", extra={"forms": [content_key(embedder.name, "query", note)]})])
    assert report.added == ["note-x"]
    embedder.embed([note], "query")  # what analysing the note before saving it left in the cache
    add_correction(folder, statements[0], "personal", "explicit", "en")
    add_correction(folder, note, "personal", "organisational", "en")  # made on the note before redaction
    add_correction(folder, "An unrelated line about spare parts for the depot.", "explicit", "none", "en")
    keys = [content_key(embedder.name, "query", s) for s in statements + [note]]
    assert len(embedder.cache.get_many(keys)) == len(set(keys))
    library_copy.remove([target, "note-x"])  # a forget killed after publishing: an older generation keeps the text
    assert forget_cases(library_copy, [target, "note-x"]) == ([target, "note-x"], 2, 0)
    assert [c["text"] for c in stored_corrections(folder, unused_only=False)] == ["An unrelated line about spare parts for the depot."]
    assert not embedder.cache.get_many(keys)
    assert len(list(folder.glob("gen-*"))) == 1 and check(library_copy) == []
    needles = [max(statements, key=len).encode(), b"visible win before the board"]
    for f in folder.rglob("*"):  # the cache holds vectors under hashed keys, checked above
        if f.is_file():
            assert not any(n in f.read_bytes() for n in needles), f"forgotten text still in {f.name}"
    with pytest.raises(LibraryError, match="No case with id"):
        forget_cases(library_copy, [target])


# --- no network unless asked --------------------------------------------------------------------------
DNS_GUARD = '''import os, socket
_log = os.environ["NETWORK_GUARD_LOG"]
_real = socket.getaddrinfo
def _guard(host, *a, **k):
    if host not in (None, "localhost", "127.0.0.1", "::1"):
        with open(_log, "a") as fh:
            fh.write(f"dns {host}\\n")
        raise socket.gaierror(-3, "network guard: name lookup refused")
    return _real(host, *a, **k)
socket.getaddrinfo = _guard
'''


@pytest.mark.slow
def test_a_hub_model_name_reaches_the_network_only_when_allowed(cli_data_dir, tmp_path):
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(DNS_GUARD + (GUARD / "sitecustomize.py").read_text())
    log = tmp_path / "guard.log"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_OFFLINE")}  # as a user's shell would be
    env.update(PYTHONPATH=str(guard), NETWORK_GUARD_LOG=str(log))

    def analyse_with(embedder: str) -> str:
        r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--data-dir", str(cli_data_dir), "--embedder", embedder,
                            "analyse", "-"], input=b"We need it by June.", capture_output=True, cwd=ROOT, env=env, timeout=300)
        err = r.stderr.decode().strip()
        assert r.returncode == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err[-800:]
        return err

    assert "hub:" in analyse_with("st:sentence-transformers/paraphrase-albert-small-v2")
    assert not log.exists() or log.read_text() == ""  # named as a local model: not one lookup
    assert "could not be downloaded" in analyse_with("hub:sentence-transformers/paraphrase-albert-small-v2")
    assert "huggingface" in log.read_text()  # allowed, it tried; refused, it said so in one sentence

"""The issue-14 attack list run again through the command line, as a table: each row builds a hostile file, path,
library state or environment, runs the commands a user would, then `check --repair` where the library was tampered
with. Counted per row: tracebacks (an exception out of `cli.main`, or output that cannot be printed) and cases of the
victim library lost or changed. Both must be 0; a refusal must be one plain sentence."""
from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

import cli
from index.library import Library
from tests.conftest import ROOT

NEW = "The buyer wants the rollout before the rainy season; the finance head worries about the currency.\n"
EVIL = "198.51.100.7"
FIELDS = ("title", "customer", "industry", "region", "country", "outcome", "translation", "kind", "id", "year")
INJECT = f'"![x](http://{EVIL}/x.png) <img src=http://{EVIL}/i.png> [l](javascript:alert(1)) <script>x</script>"'
BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))


@dataclass
class Run:
    code: int
    out: str
    err: str
    crashed: str = ""  # the traceback, when one escaped


def run(data_dir: Path, *argv) -> Run:
    """`cli.py ARGS` in this process; an exception out of main is the traceback a user would see."""
    out, err = io.StringIO(), io.StringIO()
    crashed = ""
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(["--data-dir", str(data_dir), *map(str, argv)])
        except SystemExit as e:  # argparse's usage error
            code = e.code if isinstance(e.code, int) else 2
        except Exception:  # noqa: BLE001 - exactly what is being counted
            code, crashed = 99, traceback.format_exc()
    try:
        out.getvalue().encode("utf-8")  # standard output is strict UTF-8: a lone surrogate there is a traceback
    except UnicodeEncodeError:
        crashed = crashed or "stdout holds text that cannot be printed"
    return Run(code, out.getvalue(), err.getvalue(), crashed)


def subprocess_run(data_dir: Path, *argv, preexec=None, env=None, timeout=300) -> Run:
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--data-dir", str(data_dir), *map(str, argv)],
                       capture_output=True, cwd=ROOT, env=env or dict(os.environ, HF_HUB_OFFLINE="1"),
                       preexec_fn=preexec, timeout=timeout)
    err = r.stderr.decode("utf-8", "replace")
    return Run(r.returncode, r.stdout.decode("utf-8", "replace"), err, err if "Traceback" in err else "")


# --- the attacks: each gets (tmp folder, library folder) and returns the argv lists to run, in order ------------
def _file(tmp: Path, name: str, data: str | bytes) -> Path:
    p = tmp / "in" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return p


def ingest_file(name: str, data: str | bytes):
    return lambda tmp, lib: [["ingest", _file(tmp, name, data), "--library", lib, "--quiet"],
                             ["search", "rollout before the rainy season", "--library", lib, "--json"]]


def front(field: str, value: str, body: str = NEW) -> str:
    return f"---\n{field}: {value}\n---\n{body}"


def tamper(damage):
    """Damage the library, then use it as a user would, then repair it."""
    def attack(tmp, lib):
        damage(lib)
        new = _file(tmp, "new.md", NEW)
        return [["search", "currency", "--library", lib], ["ingest", new, "--library", lib, "--quiet"],
                ["check", "--library", lib], ["check", "--repair", "--library", lib],
                ["search", "currency", "--library", lib, "--json"], ["ingest", new, "--library", lib, "--quiet"]]
    return attack


def _gen(lib: Path) -> Path:
    return sorted(lib.glob("gen-*"))[-1]


def _write(path: Path, data: bytes) -> None:
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def _two_generations(lib: Path, data_dir: Path) -> None:
    """A second write, so an older whole generation sits beside the one an attack damages."""
    run(data_dir, "ingest", _file(lib.parent, "second.md", "---\nid: second\n---\n" + NEW), "--library", lib, "--quiet")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    _write(path, data[: len(data) // 2])


def links(tmp, lib):
    folder = tmp / "links"
    folder.mkdir()
    (tmp / "secret.txt").write_text("a secret line that must never enter the library\n")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.md").symlink_to(tmp / "secret.txt")
    (folder / "out").symlink_to(tmp, target_is_directory=True)
    (folder / "loop.md").symlink_to(folder / "loop.md")
    os.mkfifo(folder / "pipe.md")  # a named pipe in a folder must not hang the walk
    (folder / "ok.md").write_text(NEW)
    return [["ingest", folder, "--library", lib, "--quiet"], ["search", "secret line", "--library", lib, "--json"]]


def relative_and_hidden(tmp, lib):
    hidden = tmp / "corpus" / ".cases"
    hidden.mkdir(parents=True)
    (hidden / "a.md").write_text("---\nid: from-hidden\n---\n" + NEW)
    work = tmp / "work"
    work.mkdir()
    os.chdir(work)
    return [["ingest", "../corpus/.cases", "--library", lib, "--quiet", "--json"]]


def two_files_one_id(tmp, lib):
    _file(tmp, "a.md", "---\nid: same\n---\n" + NEW)
    _file(tmp, "b.md", "---\nid: same\n---\nAnother story about a depot and its spare parts.\n")
    return [["ingest", tmp / "in", "--library", lib, "--quiet"]]


def bad_file_name(tmp, lib):
    folder = tmp / "names"
    folder.mkdir()
    (folder / os.fsdecode(b"\xff\xfe bad \x80.md")).write_bytes(NEW.encode())  # not UTF-8 as a name
    (folder / ("x" * 200 + ".md")).write_text(NEW)
    return [["ingest", folder, "--library", lib, "--quiet"], ["ingest", folder, "--library", lib, "--json", "--quiet"]]


ATTACKS = {
    # YAML
    "alias bomb in title": ingest_file("bomb.md", "---\n" + BOMB + "title: *a8\n---\n" + NEW),
    "alias bomb in tags": ingest_file("bomb-tags.md", "---\n" + BOMB + "tags: *a8\n---\n" + NEW),
    "alias bomb in an unknown field": ingest_file("bomb-x.md", "---\n" + BOMB + "notes: [*a8, *a8]\n---\n" + NEW),
    "alias bomb as a merge key": ingest_file("bomb-merge.md", "---\nbase: &b {title: x}\n<<: [*b, *b, *b]\n---\n" + NEW),
    "python object tag": ingest_file("tag.md", front("title", "!!python/object/apply:os.system ['touch /tmp/pwned']")),
    "lone surrogate in a YAML escape": ingest_file("sur.md", front("title", '"\\udc80 x"')),
    "lone surrogate in a JSON line": ingest_file("sur.jsonl", '{"text": "\\ud800"}\n{"id": "j1", "text": "' + NEW.strip() + '"}\n'),
    "lone surrogate bytes in a text file": ingest_file("sur.txt", b"x \xed\xa0\x80 y " + NEW.encode()),
    # markup in every front-matter field
    **{f"markup in {f}": ingest_file(f"inject-{f}.md", front(f, INJECT)) for f in FIELDS},
    "markup in tags": ingest_file("inject-tags.md", front("tags", f"[{INJECT}, {INJECT}]")),
    "markup in a CSV header": ingest_file("header.csv", f"![x](http://{EVIL}/h.png),text\n1,{NEW.strip()}\n"),
    # sizes
    "200 KB CSV cell": ingest_file("big.csv", "title,text\nbig," + "word " * 40_000 + "\n"),
    "200 KB line without a space": ingest_file("line.md", "x" * 200_000 + "\n" + NEW),
    "200 KB YAML value": ingest_file("value.md", front("title", "x" * 200_000)),
    # the library itself
    "CURRENT of two garbage bytes": tamper(lambda lib: _write(lib / "CURRENT", b"\xff\x00")),
    "CURRENT traversal": tamper(lambda lib: _write(lib / "CURRENT", b"gen-000001/../../../elsewhere")),
    "CURRENT to /etc": tamper(lambda lib: _write(lib / "CURRENT", b"/etc")),
    "CURRENT empty": tamper(lambda lib: _write(lib / "CURRENT", b"")),
    "CURRENT missing": tamper(lambda lib: (lib / "CURRENT").unlink()),
    "CURRENT names no generation": tamper(lambda lib: _write(lib / "CURRENT", b"gen-999999")),
    "CURRENT as a link out": tamper(lambda lib: ((lib / "CURRENT").unlink(), (lib / "CURRENT").symlink_to("/etc/hostname"))),
    "bm25.npz garbage": tamper(lambda lib: _write(_gen(lib) / "bm25.npz", b"PK\x03\x04garbage")),
    "bm25.npz missing": tamper(lambda lib: (_gen(lib) / "bm25.npz").unlink()),
    "bm25.json garbage": tamper(lambda lib: _write(_gen(lib) / "bm25.json", b"{not json")),
    "vectors.faiss garbage": tamper(lambda lib: _write(_gen(lib) / "vectors.faiss", os.urandom(4096))),
    "vectors.faiss truncated": tamper(lambda lib: _truncate(_gen(lib) / "vectors.faiss")),
    "vectors.faiss missing": tamper(lambda lib: (_gen(lib) / "vectors.faiss").unlink()),
    "config.json garbage": tamper(lambda lib: _write(lib / "config.json", b"\x00\x01")),
    "centres.json garbage": tamper(lambda lib: _write(lib / "centres.json", b"[[[")),
    "sqlite garbage, older generation whole": "sqlite-garbage",
    "sqlite truncated, older generation whole": "sqlite-truncated",
    "passages deleted behind the index": tamper(lambda lib: _sql(_gen(lib), "DELETE FROM passages WHERE rowid % 2 = 0")),
    # ids and paths
    "a file reusing an existing id": ingest_file("dup.md", "---\nid: venezuela-roaming-31-minutes-en\n---\n" + NEW),
    "an id that differs only in case": ingest_file("dup2.md", "---\nid: Venezuela-Roaming-31-Minutes-EN\n---\n" + NEW),
    "an id of ../ and slashes": ingest_file("dots.md", "---\nid: ../../../CURRENT\n---\n" + NEW),
    "two files with one id in a batch": two_files_one_id,
    "relative path through a hidden folder": relative_and_hidden,
    "links out, a link loop and a pipe": links,
    "file names that are not UTF-8": bad_file_name,
    "remove and forget with hostile ids": lambda tmp, lib: [["remove", "../../etc", "\udcff", "--library", lib],
                                                           ["forget", "*", "%", "' OR 1=1 --", "--library", lib]],
    # queries and arguments
    "search with a lone surrogate and SQL": lambda tmp, lib: [
        ["search", "\udcff x", "--library", lib], ["search", "' OR 1=1; DROP TABLE cases; --", "--library", lib, "--json"],
        ["search", "\"unbalanced AND (", "NEAR/", "*", "--library", lib, "--mode", "bm25"]],
    "search with odd numbers and filters": lambda tmp, lib: [
        ["search", "x", "--k", "-1", "--library", lib], ["search", "x", "--k", "100000000", "--library", lib],
        ["search", "x", "--year-from", str(10**30), "--library", lib], ["search", "x", "--mode", "evil", "--library", lib],
        ["search", "x", "--tag", "%", "--industry", "' OR '1'='1", "--library", lib]],
    "a 100 KB query": lambda tmp, lib: [["search", "需求 " * 30_000, "--library", lib]],
    "--library naming a file or garbage": lambda tmp, lib: [
        ["search", "x", "--library", _file(tmp, "f.md", NEW)], ["check", "--library", _file(tmp, "g/x", b"\x00")],
        ["ingest", _file(tmp, "n.md", NEW), "--library", "/proc/self", "--quiet"]],
    "analyse a 600 KB note without punctuation": lambda tmp, lib: [["analyse", _file(tmp, "n.txt", "需求预算" * 50_000)]],
    "analyse NUL bytes and a BOM only": lambda tmp, lib: [["analyse", _file(tmp, "nul.txt", b"\x00" * 5000)],
                                                          ["analyse", _file(tmp, "bom.txt", b"\xef\xbb\xbf")]],
    "hub and st model names offline": "models",
    "read-only library folder": "read-only",
    "disk full": "disk-full",
    "file size limit": "fsize",
}


def _sql(gen: Path, statement: str) -> None:
    con = sqlite3.connect(gen / "library.sqlite")
    con.execute(statement)
    con.commit()
    con.close()


def _special(kind: str, tmp: Path, lib: Path, data_dir: Path) -> list[Run]:
    """Rows that need a second generation, a process limit, a mount or the network guard."""
    new = _file(tmp, "new.md", NEW)
    ingest = ["ingest", new, "--library", lib, "--quiet"]
    repair = [["check", "--repair", "--library", lib], ["search", "currency", "--library", lib, "--json"]]
    if kind.startswith("sqlite"):
        _two_generations(lib, data_dir)
        db = _gen(lib) / "library.sqlite"
        _write(db, b"SQLite format 3\x00" + os.urandom(8192)) if kind == "sqlite-garbage" else _truncate(db)
        return [run(data_dir, *a) for a in (["search", "currency", "--library", lib], ingest, *repair)]
    if kind == "models":
        env = {k: v for k, v in os.environ.items() if not k.endswith("_OFFLINE")}
        env["HF_HUB_OFFLINE"] = "1"
        return [subprocess_run(data_dir, "--embedder", name, "analyse", new, env=env)
                for name in ("hub:sentence-transformers/paraphrase-albert-small-v2", "st:org/no-such-model", "st:", "bogus")]
    if kind == "read-only":
        if subprocess.run(["chattr", "+i", str(lib)], capture_output=True).returncode:
            pytest.skip("chattr +i is not available here")
        try:
            return [run(data_dir, *ingest), run(data_dir, "forget", "venezuela-roaming-31-minutes-en", "--library", lib),
                    run(data_dir, "check", "--repair", "--library", lib)]
        finally:
            subprocess.run(["chattr", "-i", str(lib)], check=True)
    if kind == "disk-full":
        size = sum(f.stat().st_size for f in lib.rglob("*") if f.is_file())
        mount = tmp / "fs"
        mount.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + size // 2}", "tmpfs", str(mount)],
                          capture_output=True).returncode:
            pytest.skip("cannot mount a file system here")
        try:
            shutil.copytree(lib, mount / "library")
            small = mount / "library"
            runs = [run(data_dir, "ingest", new, "--library", small, "--quiet"),
                    run(data_dir, "check", "--library", small)]
            shutil.rmtree(lib)
            shutil.copytree(small, lib)  # the victim's cases are compared from here
            return runs
        finally:
            subprocess.run(["umount", "-l", str(mount)], check=False)

    def small_files():  # kind == "fsize": files may not grow past 32 KB
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))
    return [subprocess_run(data_dir, *ingest, preexec=small_files), run(data_dir, "check", "--library", lib)]


def test_the_table_has_at_least_forty_attacks():
    assert len(ATTACKS) >= 40


SLOW = {"200 KB line without a space", "200 KB CSV cell", "hub and st model names offline"}  # minutes of embedding


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in ATTACKS])
def test_attack_gives_no_traceback_and_loses_no_case(name, library_copy, cli_data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lib = library_copy.folder
    before = {c.id: c.source_hash for c in library_copy.cases()}
    attack = ATTACKS[name]
    if isinstance(attack, str):
        runs = _special(attack, tmp_path, lib, cli_data_dir)
    else:
        runs = [run(cli_data_dir, *argv) for argv in attack(tmp_path, lib)]
    tracebacks = [r.crashed for r in runs if r.crashed]
    assert not tracebacks, tracebacks[0][-1500:]
    for r in runs:
        assert r.code in (0, 1, 2), (r.code, r.err[-800:])
        if r.code == 2:  # a refusal: one plain sentence
            assert len(r.err.strip().splitlines()) == 1 and len(r.err) < 600, r.err[-800:]
    after = {c.id: c.source_hash for c in Library(lib, library_copy.embedder).cases()}
    lost = [cid for cid, h in before.items() if after.get(cid) != h]
    assert not lost, f"lost or changed: {lost}"
    assert not Path("/tmp/pwned").exists()


def test_a_database_damaged_in_its_only_generation_is_one_sentence(library_copy, cli_data_dir, tmp_path):
    lib = library_copy.folder
    assert len(list(lib.glob("gen-*"))) == 1
    _write(_gen(lib) / "library.sqlite", b"SQLite format 3\x00" + os.urandom(8192))
    new = _file(tmp_path, "new.md", NEW)
    for argv in (["search", "currency"], ["ingest", new, "--quiet"], ["check"], ["check", "--repair"]):
        r = run(cli_data_dir, *argv, "--library", lib)
        assert not r.crashed, r.crashed[-1500:]
        assert r.code in (1, 2) and "Traceback" not in r.err, (argv, r.code, r.out, r.err)
        if r.code == 2:
            assert len(r.err.strip().splitlines()) == 1, r.err

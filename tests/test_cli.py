"""cli.py in subprocesses: the JSON contracts, encodings of input files, and plain one-line errors with exit codes.

Every run gets `--data-dir` pointing at the session's data folder (a copy of the trained model and a
warm embedding cache), so nothing is written under the project's data/.
"""
from __future__ import annotations

import json

import pytest

from tests.conftest import SMALL_CASES, TEST_DATA

CONTRACT = {"text", "label", "confidence", "evidence", "stakeholder", "compliance_risk"}
LABELS = {"explicit", "organisational", "personal", "none"}
NOTE = ("The tender requires 99.99% availability and a four-hour on-site response.\n"
        "网络部主任想借这个项目在集团里露脸，争取明年提拔。\n"
        "The CFO is worried that the power failures at night will damage the equipment room.\n")


def one_line_error(proc) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    return lines[0]


def test_classify_stdin_json_lines(run_cli):
    proc = run_cli("classify", "-", "--json", stdin="The CFO needs payment terms of 90 days.\n\n客户要求年底前完成核心网割接。\n".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [r["text"] for r in rows] == ["The CFO needs payment terms of 90 days.", "客户要求年底前完成核心网割接。"]
    for r in rows:
        assert set(r) == {"text", "label", "confidence"}
        assert r["label"] == "explicit" and 0 < r["confidence"] <= 1


def test_analyse_json_contract_with_similar_cases(run_cli, small_library, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    proc = run_cli("analyse", note, "--json", "--library", small_library.folder, "--k", "2")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert {"language", "statements", "similar_cases", "questions"} <= set(out)
    assert out["language"] in ("en", "zh", "mixed")
    assert len(out["statements"]) == 3
    for st in out["statements"]:
        assert CONTRACT <= set(st)
        assert st["label"] in LABELS and 0 < st["confidence"] <= 1
        assert isinstance(st["compliance_risk"], bool)
        assert st["evidence"]["similar_examples"]
    assert out["statements"][1]["stakeholder"] == "Network director"
    assert 1 <= len(out["similar_cases"]) <= 2
    assert {"id", "title", "score", "snippet"} <= set(out["similar_cases"][0])
    assert 3 <= len(out["questions"]) <= 5


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_encoded_input_files_are_read(run_cli, tmp_path, encoding):
    lines = ["客户要求年底前上线新的计费系统。", "财务总监担心现金流压力。", "采购经理希望下周收到报价。"]
    path = tmp_path / f"notes-{encoding}.txt"
    path.write_bytes("\n".join(lines).encode(encoding))
    proc = run_cli("classify", path, "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [json.loads(ln)["text"] for ln in proc.stdout.decode("utf-8").splitlines()] == lines


def test_binary_file_exits_2_with_one_line(run_cli, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    proc = run_cli("analyse", path, "--json")
    assert proc.returncode == 2
    assert "photo.txt" in one_line_error(proc)
    assert proc.stdout == b""


def test_missing_file_exits_2(run_cli, tmp_path):
    proc = run_cli("classify", tmp_path / "nope.txt")
    assert proc.returncode == 2
    assert "No such file" in one_line_error(proc)


def test_empty_file_gives_empty_statements(run_cli, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    proc = run_cli("analyse", path, "--json", "--library", tmp_path / "no-library")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert out["statements"] == [] and out["similar_cases"] == [] and out["questions"] == []
    path.write_text('<div style="font-family:Arial;"></div>\n\n---\n', encoding="utf-8")
    proc = run_cli("analyse", path, "--library", tmp_path / "no-library")
    assert proc.returncode == 0 and "no statements found" in proc.stdout.decode()  # says so, not just a zero


def test_input_over_2_mb_exits_2_naming_the_limit(run_cli, tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"The customer needs more capacity.\n" * 70_000)  # about 2.4 MB
    proc = run_cli("analyse", path)
    assert proc.returncode == 2
    assert "2 MB" in one_line_error(proc)


def test_errors_in_process_are_one_sentence_and_exit_2(cli_data_dir, cli_library, capsys):
    """More error paths through cli.main in this process (same code as the subprocess runs, without the start-up)."""
    import cli

    folder, _ = cli_library
    base = ["--data-dir", str(cli_data_dir)]
    cases = [
        (["search", "roaming", "--library", str(folder), "--lang", "fr"], "Unknown language 'fr'; valid values: zh, en, mixed."),
        (["search", "--library", str(folder)], "Give a search query, or --queries FILE with one query a line."),
        (["search", "   ", "--library", str(folder)], "The search query is empty; type a few words to search for."),
        (["search", "x", "--library", str(folder), "--mode", "fuzzy"], "Unknown search mode 'fuzzy'; valid modes: hybrid, dense, bm25."),
        (["remove", "no-such-case", "--library", str(folder)], "No case with id no-such-case in the library."),
        (["--embedder", "bert", "search", "x", "--library", str(folder)], None),
    ]
    for argv, message in cases:
        assert cli.main(base + argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "Traceback" not in err
        if message:
            assert err == message
        else:
            assert "e5, minilm" in err


@pytest.fixture(scope="module")
def cli_library(run_cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-library") / "lib"
    paths = [p for p in SMALL_CASES if "venezuela" in p.name or "nigeria" in p.name]
    proc = run_cli("ingest", *paths, TEST_DATA / "corrupt.pdf", "--library", folder, "--json", "--quiet")
    assert proc.returncode == 0, proc.stderr.decode()
    return folder, json.loads(proc.stdout)


def test_ingest_reports_added_and_failed(cli_library):
    _, report = cli_library
    assert len(report["added"]) == 4
    assert report["failed"] == [{"file": "corrupt.pdf", "reason": "corrupt.pdf is not a readable PDF (corrupt or truncated)."}]
    assert report["passages"] > 4


def test_search_json_on_an_ingested_library(run_cli, cli_library):
    folder, _ = cli_library
    proc = run_cli("search", "minister", "roaming", "restored", "--library", folder, "--json", "--k", "3", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr.decode()
    hits = json.loads(proc.stdout)
    assert hits[0]["id"] == "venezuela-roaming-31-minutes-zh"
    assert all(h["language"] == "zh" for h in hits)
    for h in hits:
        assert {"id", "title", "score", "snippet"} <= set(h)

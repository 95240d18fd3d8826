"""Hostile input, table-driven: files an attacker or a careless user would hand the product. Each one gives cases
or one plain sentence (never a traceback), and a batch of all of them leaves the library whole."""
from __future__ import annotations

import json
import logging
import re
import time
import zipfile
from pathlib import Path

import pytest

from corpus.errors import InputError
from corpus.readers import iter_files, read_path
from index.maintenance import check

BOMB = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)) + "title: *a8\n---\nThe body of a case.\n"
CASE = "The customer asked for a migration before the holidays; churn doubled after a competitor cut prices.\n"


def _xlsx_garbage() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<not-a-workbook")
    return buf.getvalue()


# (file name, bytes, expected: "ok" = gives cases, "refused" = one sentence, "either")
HOSTILE: list[tuple[str, bytes, str]] = [
    ("alias-bomb.md", BOMB.encode(), "refused"),
    ("few-aliases.md", b"---\nbase: &b won\noutcome: *b\n---\n" + CASE.encode(), "ok"),
    ("title-list.md", b"---\ntitle: [a, b, c]\n---\n" + CASE.encode(), "refused"),
    ("title-map.md", b"---\ntitle: {a: 1}\n---\n" + CASE.encode(), "refused"),
    ("python-tag.md", b"---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n" + CASE.encode(), "refused"),
    ("yaml-invalid.md", b"---\ntitle: [unclosed\n---\n" + CASE.encode(), "refused"),
    ("yaml-surrogate.md", b'---\ntitle: "\\ud800 x"\n---\n' + CASE.encode(), "refused"),
    ("yaml-scalar.md", b"---\njust a line\n---\n" + CASE.encode(), "refused"),
    ("front-matter-huge.md", b"---\n" + b"".join(b"k%d: v\n" % i for i in range(20000)) + b"---\n" + CASE.encode(), "refused"),
    ("value-too-long.md", b"---\ntitle: " + b"x" * 5000 + b"\n---\n" + CASE.encode(), "refused"),
    ("nested-tags.md", b"---\ntags: [[a, b], c]\n---\n" + CASE.encode(), "refused"),
    ("image-region.md", b'---\nregion: "![b](http://198.51.100.7/x.png)"\nindustry: "[x](http://198.51.100.7/)"\n---\n'
     + CASE.encode(), "ok"),
    ("links-in-body.md", b"[click](javascript:alert(1)) <script>alert(1)</script> ![i](http://198.51.100.7/i.png) "
     b"http://198.51.100.7/page www.example.invalid a@example.invalid\n" + CASE.encode(), "ok"),
    ("only-front-matter.md", b"---\ntitle: nothing else\n---\n", "refused"),
    ("unclosed-front-matter.md", b"---\ntitle: x\n" + CASE.encode(), "ok"),
    ("dashes-only.md", b"---\n---\n---\n", "either"),
    ("empty.md", b"", "refused"),
    ("whitespace.txt", b" \n\t\n  ", "refused"),
    ("binary.txt", bytes(range(256)) * 20, "refused"),
    ("utf16-no-bom.txt", CASE.encode("utf-16-le"), "ok"),
    ("gbk.txt", "客户要求在春节前完成网络迁移，预算已经冻结。".encode("gbk"), "ok"),
    ("bom-only.txt", b"\xef\xbb\xbf", "refused"),
    ("raw-surrogate-bytes.txt", b"abc \xed\xa0\x80 def " + CASE.encode(), "either"),
    ("bidi-controls.md", ("\u202egnirts desrever\u202c \u200b\u200d " + CASE).encode(), "ok"),
    ("control-title.md", b"---\ntitle: \"a\\x07b\\x1bc\"\n---\n" + CASE.encode(), "ok"),
    ("id-traversal.md", b"---\nid: ../../etc/passwd\n---\n" + CASE.encode(), "ok"),
    ("id-only-slashes.md", b"---\nid: '///'\n---\n" + CASE.encode(), "ok"),
    ("year-huge.md", b"---\nyear: 99999999999999999999999\n---\n" + CASE.encode(), "ok"),
    ("date-year.md", b"---\nyear: 2021-03-04\ntitle: 2021-03-04\n---\n" + CASE.encode(), "ok"),
    ("jsonl-surrogate.jsonl", b'{"text": "bad \\ud800 line"}\n{"text": "' + CASE.strip().encode() + b'"}\n', "ok"),
    ("jsonl-all-bad.jsonl", b'{"text": "\\udfff"}\n[1, 2]\n', "refused"),
    ("jsonl-array-line.jsonl", b'[1, 2, 3]\n{"text": "' + CASE.strip().encode() + b'"}\n', "ok"),
    ("jsonl-deep.jsonl", b"[" * 200_000 + b"]" * 200_000 + b"\n", "refused"),
    ("jsonl-invalid.jsonl", b'{"text": "x"\n', "refused"),
    ("jsonl-nested-title.jsonl", json.dumps({"title": {"a": [1, 2]}, "text": CASE}).encode() + b"\n", "ok"),
    ("csv-big-cell.csv", b"title,text\nbig," + (b"word " * 40_000) + b"\n", "ok"),
    ("csv-image-header.csv", b"![x](http://198.51.100.7/x.png),other\n1,2\n", "refused"),
    ("csv-unbalanced.csv", b'title,text\n"a,"b\n', "either"),
    ("csv-nul.csv", b"title,text\nx,\x00\x00\x00\n", "refused"),
    ("csv-formula.csv", b'title,text\n=HYPERLINK("http://198.51.100.7"),' + CASE.strip().encode() + b"\n", "ok"),
    ("csv-wide.csv", (",".join(f"c{i}" for i in range(3000)) + ",text\n" + "," * 3000 + CASE.strip() + "\n").encode(), "ok"),
    ("xlsx-garbage.xlsx", _xlsx_garbage(), "refused"),
    ("docx-not-zip.docx", b"PK\x03\x04 this is no zip", "refused"),
    ("pdf-truncated.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "refused"),
    ("pdf-text.pdf", CASE.encode(), "refused"),
    ("program.exe", b"MZ\x90\x00", "refused"),
    ('quotes "and" spaces \'x\'.md', CASE.encode(), "ok"),
    ("案例 名字.md", "客户希望年底前完成扩容，财务总监担心现金流。".encode(), "ok"),
]
BIG = {"csv-big-cell.csv", "jsonl-deep.jsonl", "front-matter-huge.md"}  # read, but left out of the batch ingest


def _write(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data, _ in HOSTILE:
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    return paths


def test_there_are_at_least_forty_hostile_inputs():
    assert len(HOSTILE) >= 40 and len({n for n, _, _ in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize("name,data,expected", HOSTILE, ids=[n for n, _, _ in HOSTILE])
def test_each_hostile_file_gives_cases_or_one_plain_sentence(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        cases = read_path(path)
        outcome = "ok"
        assert cases and all(c.text.strip() for c in cases)
        for c in cases:
            for value in (c.id, c.title, c.region, c.industry, c.customer, *c.tags):
                value.encode("utf-8")  # storable and showable: no lone surrogate
            assert len(c.title) <= 300
    except InputError as err:
        outcome = "refused"
        message = str(err)
        assert message and "\n" not in message and len(message) < 400, message
    assert time.perf_counter() - started < 20
    assert expected in (outcome, "either"), f"{name}: expected {expected}, got {outcome}"


def test_a_batch_of_every_hostile_file_leaves_the_library_whole(library_copy, tmp_path):
    before = {c.id: c.source_hash for c in library_copy.cases()}
    folder = tmp_path / "hostile"
    _write(folder)
    for name in BIG:
        (folder / name).unlink()
    report = library_copy.ingest([folder])  # an exception here is a traceback for the user: the test fails
    assert all("\n" not in reason for _, reason in report.failed)
    after = {c.id: c.source_hash for c in library_copy.cases()}
    assert all(after.get(cid) == h for cid, h in before.items()), "a hostile file changed or removed an existing case"
    assert check(library_copy) == []
    assert library_copy.search("migration before the holidays", 3)


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(BOMB, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError, match="aliases"):
        read_path(path)
    assert time.perf_counter() - started < 2


def test_a_lone_surrogate_skips_its_jsonl_line_and_names_the_file(tmp_path, caplog):
    path = tmp_path / "rows.jsonl"
    path.write_bytes(dict((n, d) for n, d, _ in HOSTILE)["jsonl-surrogate.jsonl"])
    with caplog.at_level(logging.WARNING, logger="corpus.readers"):
        cases = read_path(path)
    assert len(cases) == 1 and "migration" in cases[0].text
    assert "rows.jsonl line 1" in caplog.text


def test_a_csv_cell_of_200_kb_is_read_whole(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"title,text\nbig," + b"word " * 40_000 + b"\n")
    (case,) = read_path(path)
    assert len(case.text) >= 199_000


# --- paths -----------------------------------------------------------------------------------
def test_relative_and_hidden_folders_given_by_name_are_read(tmp_path, monkeypatch):
    cases = tmp_path / "corpus" / ".cases"
    cases.mkdir(parents=True)
    (cases / "a.md").write_text(CASE, encoding="utf-8")
    (cases / ".hidden.md").write_text(CASE, encoding="utf-8")
    (cases / ".git").mkdir()
    (cases / ".git" / "b.md").write_text(CASE, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert [p.name for p in iter_files([Path("../corpus/.cases")])] == ["a.md"]
    assert [p.name for p in iter_files([Path("../corpus/.cases/a.md")])] == ["a.md"]


def test_links_leading_outside_the_folder_are_refused_by_name(library_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("a secret line that must never enter the library\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(CASE, encoding="utf-8")
    (folder / "inner.md").symlink_to(folder / "a.md")
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    report = library_copy.ingest([folder])
    assert ("passwd.txt", f"passwd.txt is a link to a file outside {folder}; it was not read.") in report.failed
    assert not [c for c in library_copy.cases() if "secret" in c.text]


# --- pages in a real browser -------------------------------------------------------------------
EVIL = "198.51.100.7"  # TEST-NET-2: nothing answers there; a request to it is the failure
HOSTILE_CASE = (f'---\nid: hostile-page\ntitle: "![t](http://{EVIL}/t.png) [l](http://{EVIL}/l)"\nyear: 2099\n'
                f'region: "![b](http://{EVIL}/r.png)"\nindustry: "<img src=http://{EVIL}/i.png>"\ntags: ["![g](http://{EVIL}/g.png)"]\n'
                f"---\n## ![s](http://{EVIL}/s.png)\nThe customer asked for the migration before the holidays, see "
                f"http://{EVIL}/x and www.example.invalid and [here](http://{EVIL}/h) ![img](http://{EVIL}/b.png) "
                f"<img src=http://{EVIL}/c.png> :material/warning: $x^2$.\nChurn doubled after a competitor cut prices.\n")
HOSTILE_NOTE = (f"- They need the migration before June ![n](http://{EVIL}/n.png) [n](http://{EVIL}/n)\n"
                f"- The CFO fears the currency; mail a@{EVIL.replace('.', '-')}.example or see http://{EVIL}/p\n")


@pytest.mark.slow
def test_pages_with_hostile_cases_request_nothing_off_their_origin(library_copy, cli_data_dir, tmp_path):
    import shutil

    from docs.browser import CHROMIUM, browser_page, running_app
    from tests.conftest import ROOT

    if not shutil.which(CHROMIUM):
        pytest.skip("`make test` installs Debian's chromium first")
    case = tmp_path / "hostile.md"
    case.write_text(HOSTILE_CASE, encoding="utf-8")
    assert library_copy.ingest([case]).added == ["hostile-page"]
    header = tmp_path / "header.csv"
    header.write_text(f"![x](http://{EVIL}/csv.png),other\n1,2\n", encoding="utf-8")
    env = {"NEEDS_DATA_DIR": str(cli_data_dir), "NEEDS_LIBRARY_DIR": str(library_copy.folder),
           "PYTHONPATH": str(ROOT / "tests" / "guard"), "NETWORK_GUARD_LOG": str(tmp_path / "guard.log")}
    requested: list[str] = []
    with running_app(env) as (url, _, _), browser_page(height=2400) as page:
        page.on("request", lambda r: requested.append(r.url))
        seen = {}
        page.goto(url, wait_until="domcontentloaded")
        box = page.get_by_role("textbox").first
        box.wait_for(timeout=60000)
        box.fill(HOSTILE_NOTE)
        box.press("Control+Enter")
        page.get_by_role("button", name="Analyse").click()
        page.get_by_text("statements:", exact=False).first.wait_for(timeout=120000)
        seen["analyse"] = page.content()
        page.goto(f"{url}/search_page", wait_until="domcontentloaded")
        box = page.get_by_role("textbox").first
        box.wait_for(timeout=60000)
        box.fill("migration before the holidays")
        box.press("Enter")
        page.get_by_text(f"{EVIL}/t.png", exact=False).first.wait_for(timeout=60000)  # the title, shown as text
        seen["search"] = page.content()
        page.goto(f"{url}/library_page", wait_until="domcontentloaded")
        page.get_by_text("Churn doubled after a competitor", exact=False).first.wait_for(timeout=60000)
        seen["library"] = page.content()
        page.goto(f"{url}/admin_page", wait_until="domcontentloaded")
        page.locator("input[type=file]").first.wait_for(state="attached", timeout=60000)
        page.locator("input[type=file]").first.set_input_files(str(header))
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="Add to library").click()
        page.get_by_text("no text column", exact=False).first.wait_for(timeout=60000)
        seen["admin"] = page.content()
        page.goto(f"{url}/tender_page", wait_until="domcontentloaded")
        page.wait_for_timeout(3000)
        page.wait_for_timeout(2000)  # let any image a page would load start loading
    off_origin = [u for u in requested if not u.startswith((url, "data:", "blob:"))]
    assert not off_origin, off_origin[:5]
    for name, html in seen.items():
        assert f'src="http://{EVIL}' not in html and f'href="http://{EVIL}' not in html, f"a live link or image on {name}"
        assert 'href="http://www.example' not in html and 'href="mailto:' not in html, name
    assert not (tmp_path / "guard.log").exists() or (tmp_path / "guard.log").read_text() == ""


def test_markup_helpers_leave_no_link_image_or_autolink_to_form():
    from ui.markup import md_escape, message, plain, say

    text = f"![i](http://{EVIL}/i.png) [l](http://{EVIL}) <http://{EVIL}> www.example.invalid a@example.invalid :red[x]"
    for out in (md_escape(text), plain(text), message(InputError(text + "\nsecond line")), say("failed_file", "en", name=text, reason=text)):
        assert not re.search(r"(?<!\\)[\](<]", out) and "\n" not in out  # every bracket escaped
        assert "://" not in out and "www." not in out and "@e" not in out  # each autolink pattern is broken
    assert plain(None) == "" and plain(2099) == "2099"

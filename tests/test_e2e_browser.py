"""End to end in a real browser: start the app, paste a note, analyse, see needs and similar cases; keep a screenshot;
the rep's flow in both interface languages with masked downloads."""
from __future__ import annotations

import io
import json
import re
import shutil

import openpyxl
import pytest

from docs.browser import CHROMIUM, analyse_note, browser_page, download, running_app, set_language
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="`make test` installs Debian's chromium first")
def test_paste_analyse_similar_cases_in_chromium(cli_data_dir, library_copy, tmp_path):
    guard_log = tmp_path / "guard.log"
    env = {"NEEDS_DATA_DIR": str(cli_data_dir), "NEEDS_LIBRARY_DIR": str(library_copy.folder),
           "PYTHONPATH": str(ROOT / "tests" / "guard"), "NETWORK_GUARD_LOG": str(guard_log)}
    with running_app(env) as (url, _, started_s), browser_page(height=2000) as page:
        seconds = analyse_note(page, url)
        body = page.inner_text("body")
        shot = tmp_path / "analyse.png"
        page.screenshot(path=str(shot))
    assert started_s < 60
    assert seconds < 60
    assert "statements:" in body and "personal" in body
    assert "Similar past cases for this note" in body
    assert "Compliance risk" in body  # the note's internship-for-a-son line
    assert shot.stat().st_size > 20_000
    assert not guard_log.exists() or guard_log.read_text() == "", "the app tried to reach outside the machine"
    shutil.copy(shot, ROOT / "tests" / "last-e2e-screenshot.png")


GOLD_NOTE = "55.txt"  # attendees in both scripts, a name inside an e-mail address, a phone number
WORDS = {"en": {"go": "Analyse", "done": "statements:", "brief": "One-page brief (Markdown)", "excel": "Excel",
                "upload": "Upload a file", "failed": "Could not analyse"},
         "zh": {"go": "分析", "done": "条语句", "brief": "一页简报（Markdown）", "excel": "Excel",
                "upload": "上传文件", "failed": "无法分析"}}


def _names(note: str) -> list[str]:
    gold = next(g for g in map(json.loads, (ROOT / "corpus/privacy/gold.jsonl").read_text(encoding="utf-8").splitlines())
                if g["note"] == note)
    return [f for p in gold["persons"] for f in p["forms"]] + gold["contacts"]


# what a reader sees in the upload widget: text not shrunk to nothing, and the words a style sheet draws (::after)
_SEEN_IN_UPLOADER = """e => {
  const out = [];
  for (const el of e.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    for (const n of el.childNodes)
      if (n.nodeType === 3 && n.textContent.trim() && parseFloat(style.fontSize) > 0 && style.visibility !== 'hidden'
          && !el.closest('[aria-hidden=true]')) out.push(n.textContent.trim());
    const after = getComputedStyle(el, '::after').content;
    if (after && after !== 'none' && after !== 'normal') out.push(after.replace(/^"|"$/g, ''));
  }
  return out;
}"""


def _uploader_english(page) -> list[str]:
    seen = page.locator('[data-testid="stFileUploader"]').first.evaluate(_SEEN_IN_UPLOADER)
    return [w for s in seen for w in re.findall(r"[A-Za-z]{2,}", s) if w.upper() not in ("TXT", "MD", "MB")]


def _found(names: list[str], text: str) -> list[str]:
    return [n for n in names if re.search(re.escape(n) if re.search(r"[\u4e00-\u9fff]", n) else rf"\b{re.escape(n)}\b", text)]


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="`make test` installs Debian's chromium first")
def test_rep_flow_in_both_languages_exports_nothing_of_the_notes_names(cli_data_dir, library_copy, tmp_path):
    note = (ROOT / "corpus/privacy/notes" / GOLD_NOTE).read_text(encoding="utf-8")
    names = _names(GOLD_NOTE)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    env = {"NEEDS_DATA_DIR": str(cli_data_dir), "NEEDS_LIBRARY_DIR": str(library_copy.folder)}
    with running_app(env) as (url, _, _), browser_page(height=1800) as page:
        for lang in ("en", "zh"):
            w = WORDS[lang]
            set_language(page, url, lang)
            box = page.get_by_role("textbox").first
            box.fill(note)
            box.press("Control+Enter")
            page.get_by_role("button", name=w["go"], exact=True).click()
            page.get_by_text(w["done"], exact=False).first.wait_for(timeout=90000)
            assert page.get_by_role("switch").first.is_checked()  # masking is on by default
            brief = download(page, w["brief"]).decode("utf-8")
            book = openpyxl.load_workbook(io.BytesIO(download(page, w["excel"])))
            cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
            assert _found(names, brief) == [] and _found(names, cells) == [], (lang, brief)
            assert ("[Person A]" if lang == "en" else "[人物A]") in brief
            if lang == "zh":
                assert brief.startswith("# 需求简报") and book.sheetnames == ["需求"] and "语句" in cells
                headers = [str(c.value) for c in book.active[1]]
                assert set(re.findall(r"[A-Za-z]+", " ".join(headers))) <= {"SPIN", "MEDDICC"}, headers
            # an upload that fails clears the result above and names the file
            page.get_by_text(w["upload"], exact=True).first.click()
            page.locator('[data-testid="stFileUploaderDropzoneInstructions"]').first.wait_for(timeout=60000)
            page.wait_for_timeout(500)
            english = _uploader_english(page)  # Streamlit's own words in the upload widget follow the UI language
            assert (english == []) if lang == "zh" else ("Upload" in english), (lang, english)
            page.locator("input[type=file]").first.set_input_files(str(binary))
            page.get_by_text("scan.txt").first.wait_for(timeout=60000)  # the upload reached the app
            page.wait_for_timeout(1000)
            page.get_by_role("button", name=w["go"], exact=True).click()
            try:
                page.get_by_text(w["failed"], exact=False).first.wait_for(timeout=60000)
            finally:
                page.screenshot(path=str(tmp_path / f"upload-{lang}.png"), full_page=True)
            body = page.inner_text("body")
            assert "scan.txt" in body and w["done"] not in body

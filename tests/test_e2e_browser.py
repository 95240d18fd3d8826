"""End to end in a real browser: start the app, paste a note, analyse, see needs and similar cases; keep a screenshot."""
from __future__ import annotations

import shutil

import pytest

from docs.browser import CHROMIUM, analyse_note, browser_page, running_app
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

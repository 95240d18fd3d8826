"""Drives the app in Debian's Chromium with Playwright: start Streamlit on a free local port, paste a note, capture pages.

Used by tests/test_e2e_browser.py and by `python -m docs.browser` to refresh the README screenshots.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
NOTE = """客户拜访纪要 2026-11-18（Northwind Telecom）
Attendees: CFO Li Na, CTO Mark Evans, procurement head.
- They need the core network migration done before the Spring Festival, with 7x24 on-site support.
- Churn doubled since the competitor's price cut, and the board froze new capex.
- The CTO's contract is up for renewal next year; he wants a visible win he can present to the group.
- 财务总监提到本币今年贬值了30%，美元合同的付款压力很大。
- 采购经理暗示如果安排他儿子来我们公司实习，事情会好办。
- We will send the updated deck on Friday."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(env: dict | None = None, timeout: float = 90.0):
    """Start the app on localhost; yield (url, process, seconds until its health check answered)."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.perf_counter() - started > timeout:
                raise RuntimeError("the app did not start: " + (proc.stderr.read().decode()[-500:] if proc.stderr else ""))
            time.sleep(0.3)
        yield url, proc, time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def browser_page(width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def analyse_note(page, url: str, note: str = NOTE, timeout_ms: int = 60000) -> float:
    """Paste a note on the Analyse page, press Analyse, wait for the labelled result; returns seconds on screen."""
    page.goto(url, wait_until="domcontentloaded")
    box = page.get_by_role("textbox").first
    box.wait_for(timeout=timeout_ms)
    box.fill(note)
    box.press("Control+Enter")
    start = time.perf_counter()
    page.get_by_role("button", name="Analyse").click()
    page.get_by_text("statements:", exact=False).first.wait_for(timeout=timeout_ms)
    page.get_by_text("Similar past cases", exact=False).first.wait_for(timeout=timeout_ms)
    return time.perf_counter() - start


def set_language(page, url: str, lang: str, timeout_ms: int = 180000) -> None:
    """Open the app and pick the interface language in the sidebar (en or zh)."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("textbox").first.wait_for(timeout=timeout_ms)
    if lang == "zh":
        page.get_by_text("中文", exact=True).first.click()
        page.get_by_text("分析客户拜访纪要").first.wait_for(timeout=timeout_ms)


def download(page, button: str, timeout_ms: int = 60000) -> bytes:
    """Click a download button by its label and return the file's bytes."""
    with page.expect_download(timeout=timeout_ms) as info:
        page.get_by_role("button", name=button).first.click()
    return Path(info.value.path()).read_bytes()


def screenshots(out: Path = ROOT / "docs" / "screenshots") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with running_app() as (url, _, _), browser_page(height=2400) as page:
        analyse_note(page, url)
        page.wait_for_timeout(1500)
        shots.append(out / "analyse.png")
        page.screenshot(path=str(shots[-1]), full_page=True)
        for slug, name in (("search_page", "search"), ("library_page", "library"), ("tender_page", "tender"), ("admin_page", "admin")):
            page.goto(f"{url}/{slug}", wait_until="domcontentloaded")
            if name == "tender":
                page.get_by_text("Tender (PDF, Word, text)").wait_for(timeout=60000)
                page.locator("input[type=file]").first.set_input_files(str(ROOT / "corpus/tenders/tender_en_hospital.docx"))
                page.wait_for_timeout(1500)
                page.get_by_role("button", name="Build the matrix").click()
                page.get_by_text("Download the matrix", exact=False).first.wait_for(timeout=120000)
            if name == "search":
                box = page.get_by_role("textbox").first
                box.wait_for(timeout=60000)
                box.fill("customer's currency collapsed, how did we still get paid")
                box.press("Enter")
                page.get_by_text("cases", exact=False).first.wait_for(timeout=60000)
            page.wait_for_timeout(3000)
            page.set_viewport_size({"width": 1400, "height": 1300})
            shots.append(out / f"{name}.png")
            page.screenshot(path=str(shots[-1]), full_page=False)
    return shots


def account_screenshots(out: Path = ROOT / "docs" / "screenshots") -> list[Path]:
    """The Accounts page in both languages, over a copy of the built-in library holding two demo accounts
    (tests/data/accounts: an English and a Chinese customer, three meetings each)."""
    import shutil
    import tempfile

    shots = []
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "library"
        shutil.copytree(ROOT / "data" / "library", lib)
        for account, folder in (("Brightwater Retail", "en-demo"), ("华信电信", "zh-demo")):
            notes = sorted(str(p) for p in (ROOT / "tests" / "data" / "accounts" / folder).glob("m*.md"))
            subprocess.run([sys.executable, "cli.py", "account", "add", account, *notes, "--library", str(lib)],
                           cwd=ROOT, check=True, capture_output=True)
        with running_app({"NEEDS_LIBRARY": str(lib)}) as (url, _, _), browser_page(height=1600) as page:
            for lang, account, name in (("en", "Brightwater Retail", "accounts"), ("zh", "华信电信", "accounts-zh")):
                set_language(page, url, lang)
                page.get_by_role("link", name="客户档案" if lang == "zh" else "Accounts").first.click()
                page.get_by_text("客户" if lang == "zh" else "Account", exact=True).first.wait_for(timeout=60000)
                page.locator("[data-testid=stSelectbox]").first.click()
                page.get_by_role("option", name=account).click()
                page.get_by_text("决策链" if lang == "zh" else "Decision chain", exact=False).first.wait_for(timeout=60000)
                page.wait_for_timeout(2500)
                shots.append(out / f"{name}.png")
                page.screenshot(path=str(shots[-1]), full_page=True)
    return shots


if __name__ == "__main__":
    for p in [*screenshots(), *account_screenshots()] if "--accounts" not in sys.argv else account_screenshots():
        print(p)

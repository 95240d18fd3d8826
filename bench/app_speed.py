"""The app in a real browser: time to first page, a 1,000-word note analysed on screen (warm), process memory."""
from __future__ import annotations

import time

from bench.common import rss_mb, sample_note
from docs.browser import analyse_note, browser_page, running_app


def _tree_rss(pid: int) -> float:
    return rss_mb(pid)


def run() -> str:
    note = sample_note(1000)
    with running_app() as (url, proc, health_s):
        with browser_page() as page:
            t = time.perf_counter()
            page.goto(url, wait_until="domcontentloaded")
            page.get_by_role("button", name="Analyse").wait_for(timeout=60000)
            first_page = health_s + (time.perf_counter() - t)
            cold = analyse_note(page, url, note)
            warm = [analyse_note(page, url, note + f"\n- again {i}") for i in range(3)]
        memory = _tree_rss(proc.pid)
    return "\n".join([
        "## App (bench/app_speed.py)", "",
        "Streamlit started as `make run` does, driven by Playwright in Debian's Chromium; timings are what a user waits "
        "(button press to the labelled result and similar cases on screen).", "",
        "| measure | value |", "|---|---|",
        f"| first page ready after start (server up + page drawn) | {first_page:.1f} s |",
        f"| first analysis of a 1,000-word note (models load here) | {cold:.1f} s |",
        f"| analysis of a 1,000-word note, warm, median of 3 | {sorted(warm)[1]:.1f} s |",
        f"| memory of the app process after these runs (RSS) | {memory:.0f} MB |",
    ])


if __name__ == "__main__":
    print(run())

"""Shared benchmark helpers: timing percentiles, machine description, process memory."""
from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def percentiles(samples_s: list[float]) -> tuple[float, float]:
    ms = np.array(samples_s) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process in MB (this one by default), from /proc."""
    path = f"/proc/{pid or os.getpid()}/status"
    for line in open(path):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sample_note(words: int = 1000, keep=lambda text: True) -> str:
    """A realistic meeting note of about `words` words, built from the held-out test statements that `keep`
    accepts (all of them: a mixed note)."""
    import json

    rows = [json.loads(line)["text"] for line in open(ROOT / "corpus" / "needs" / "test.jsonl", encoding="utf-8")]
    rows = [r for r in rows if keep(r)]
    out, count, i = [], 0, 0
    while count < words:
        text = rows[i % len(rows)]
        out.append("- " + text)
        count += len(text.split()) if text.isascii() else len(text) // 2
        i += 1
    return "\n".join(out)

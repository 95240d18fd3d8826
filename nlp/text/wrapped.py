"""Hard-wrapped prose (e-mail or Markdown cut at about 80 columns) read whole: a statement line that ends mid-sentence
and goes on, with no blank line, on a line starting in lower case is one line with it (nlp/text/structure.py's Lines)."""
from __future__ import annotations

import re
from dataclasses import replace

from nlp.records import Line

_OPEN_END = re.compile(r"[^.!?;:。！？；：…\s][\"')”’]?\s*$")
_CONTINUES = re.compile(r"^[ \t]*[a-z(]")


def join_wrapped(text: str, lines: list[Line]) -> list[Line]:
    """Hard-wrapped prose (e-mail or Markdown cut at about 80 columns): a statement line that ends mid-sentence
    and is followed, with no blank line, by a line starting in lower case is one line with it, so its sentence is
    read whole."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (prev and prev.kind == ln.kind == "statement" and prev.speaker == ln.speaker and ln.start == _line_start(text, ln.start)
                and text[prev.end:ln.start].count("\n") == 1 and prev.end - _line_start(text, prev.start) >= 40
                and _OPEN_END.search(text[prev.start:prev.end]) and _CONTINUES.match(text[ln.start:ln.end])):
            out[-1] = replace(prev, end=ln.end)
            continue
        out.append(ln)
    return out


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1

"""Hard-wrapped prose (e-mail or Markdown cut at about 80 columns) read whole: a statement line that ends mid-sentence
and goes on, with no blank line, on a line starting in lower case is one line with it (nlp/text/structure.py's Lines),
when the line was cut by a wrap: the next line's first word would not have fitted the text's wrap column. Lines a
person ended themselves (chat messages, a dictated memo's paragraphs, bullets) stay apart."""
from __future__ import annotations

import re
from dataclasses import replace

from nlp.records import Line

_OPEN_END = re.compile(r"[^.!?;:。！？；：…\s][\"')”’]?\s*$")
_CONTINUES = re.compile(r"^[ \t]*[a-z(]")
_FIRST_WORD = re.compile(r"[ \t]*(\S+)")
_WIDEST_WRAP = 100  # wrappers cut at 72-80 columns (a few at 100); longer lines were never wrapped


def join_wrapped(text: str, lines: list[Line]) -> list[Line]:
    """Hard-wrapped prose (e-mail or Markdown cut at about 80 columns): a statement line that ends mid-sentence
    and is followed, with no blank line, by a line starting in lower case is one line with it, so its sentence is
    read whole."""
    width = _wrap_column(text)
    if not width:  # no wrap column: every line was ended by its writer
        return lines
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (prev and prev.kind == ln.kind == "statement" and prev.speaker == ln.speaker and ln.start == _line_start(text, ln.start)
                and text[prev.end:ln.start].count("\n") == 1 and prev.end - _line_start(text, prev.start) >= 40
                and _OPEN_END.search(text[prev.start:prev.end]) and _CONTINUES.match(text[ln.start:ln.end])
                and _cut_by_wrap(text, prev.end, ln.start, width)):
            out[-1] = replace(prev, end=ln.end)
            continue
        out.append(ln)
    return out


def _wrap_column(text: str) -> int:
    """The column the text is wrapped at, 0 when it does not look wrapped: its longest line that a wrapper could have
    made, with more lines filled to within a short word of it than lines running past any wrap column."""
    lengths = [len(line.rstrip()) for line in text.splitlines()]
    width = max((n for n in lengths if n <= _WIDEST_WRAP), default=0)
    full = sum(1 for n in lengths if width - 10 < n <= width)
    unwrapped = sum(1 for n in lengths if n > _WIDEST_WRAP)
    return width if full >= 2 and full > unwrapped else 0


def _cut_by_wrap(text: str, prev_end: int, next_start: int, width: int) -> bool:
    """The line ending at prev_end was cut by a wrap: it is no longer than a wrap column, and the next line's first word
    would have taken it past the text's wrap column."""
    line = text[_line_start(text, prev_end):prev_end].rstrip()
    word = _FIRST_WORD.match(text, next_start)
    return len(line) <= _WIDEST_WRAP and word is not None and len(line) + 1 + len(word.group(1)) > width


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1

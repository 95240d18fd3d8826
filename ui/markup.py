"""Safe Markdown for user text: escaping, and statements highlighted by label with Streamlit's colour syntax.

User text is never rendered as HTML: it is escaped for Markdown and wrapped in `:color-background[...]`.
"""
from __future__ import annotations

import re

LABEL_COLOURS = {"explicit": "blue", "organisational": "orange", "personal": "violet", "none": "gray"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md_escape(text: str) -> str:
    """Escape every Markdown and directive character, and collapse newlines into spaces."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The original text with each (start, end, label) span coloured; paragraphs kept as Markdown line breaks."""
    out, pos = [], 0
    for start, end, label in sorted(spans):
        if start < pos:
            continue
        out.append(_plain(text[pos:start]))
        colour = LABEL_COLOURS.get(label, "gray")
        inner = md_escape(text[start:end])
        out.append(f":{colour}-background[{inner}]" if label != "none" else inner)
        pos = end
    out.append(_plain(text[pos:]))
    return "".join(out)


def _plain(chunk: str) -> str:
    lines = chunk.split("\n")
    return "  \n".join(md_escape(line) if line.strip() else "" for line in lines)


def snippet_markdown(snippet: str) -> str:
    """A search snippet with its **marks** kept and everything else escaped."""
    parts = re.split(r"(?<!\\)\*\*", snippet)  # even parts plain, odd parts marked
    return "".join(
        (f"**{md_escape(p)}**" if i % 2 else md_escape(p.replace("\\*", "*"))) for i, p in enumerate(parts) if p
    )

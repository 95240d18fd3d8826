"""Safe Markdown for user text: escaping, and statements highlighted by label with Streamlit's colour syntax.

User text is never rendered as HTML: it is escaped for Markdown and wrapped in `:color-background[...]`.
Every string a user or a file supplied (titles, metadata, file names, error messages that quote them)
goes through `plain`, `message` or `say` before it reaches st.markdown, st.caption, st.error and friends:
escaped, a link, an image or an autolinked URL cannot form, so a page never fetches anything off its origin.
"""
from __future__ import annotations

import re

LABEL_COLOURS = {"explicit": "blue", "organisational": "orange", "personal": "violet", "none": "gray"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=@&])")


# The app's Markdown turns bare URLs, www. names and e-mail addresses into links after parsing, so escapes do not
# stop it: an invisible word joiner inside each pattern does, and the text still reads (and copies) the same.
_JOIN = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)")


def md_escape(text: str) -> str:
    """Escape every Markdown and directive character, defuse autolinks, and collapse newlines into spaces."""
    return _SPECIAL.sub(r"\\\1", _AUTOLINK.sub(_JOIN, re.sub(r"\s+", " ", text)))


def plain(value) -> str:
    """Any value (None, a number, a file name, a title) as escaped Markdown text."""
    return md_escape("" if value is None else str(value))


def message(err: BaseException | str) -> str:
    """An error's one plain sentence, escaped: messages quote file names, column names and filter values."""
    text = str(err).strip()
    return plain(text.splitlines()[0] if text else type(err).__name__)


def say(key: str, lang: str, **values) -> str:
    """A translated interface string with every inserted value escaped (the template itself is ours)."""
    from ui.i18n import t

    return t(key, lang, **{k: v if isinstance(v, (int, float)) else plain(v) for k, v in values.items()})


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

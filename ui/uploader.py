"""The file upload widget in the reader's language.

Streamlit 1.67 draws the uploader's own words (the `Upload` button, `20MB per file • TXT, MD`, `Drag and drop a
file here` while a file is dragged over it) in its front end, in English, and offers no option to change them
(`st.file_uploader` takes a label and help only). In the Chinese UI these words are therefore hidden and the
Chinese ones drawn in their place by a style sheet scoped to the one widget (`.st-key-<key>`), sent with
`st.html`, which puts a style-only body out of the page flow. The English UI keeps Streamlit's own words.
"""
from __future__ import annotations

import re

import streamlit as st

_ZH = {"button": "上传", "drag": "将文件拖放到此处", "limit": "每个文件不超过 {mb}MB", "types": "格式：{types}"}


def zh_words(types: list[str], mb: int) -> tuple[str, str, str]:
    """(button, instructions, drag) as the Chinese UI shows them."""
    limit = _ZH["limit"].format(mb=mb)
    shown = "、".join(t.upper() for t in types)
    return _ZH["button"], f"{limit} · {_ZH['types'].format(types=shown)}" if types else limit, _ZH["drag"]


def _css(key: str, types: list[str], mb: int) -> str:
    """The style sheet, made only of the code's own constants: a key or a type that is not a plain word is refused."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key) or not all(re.fullmatch(r"[A-Za-z0-9]+", t) for t in types):
        raise ValueError(f"not a plain widget key or file type: {key!r} {types!r}")
    button, instructions, drag = zh_words(types, mb)
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    hidden = "font-size:0 !important; line-height:0 !important;"
    shown = "font-size:0.875rem; line-height:1.4;"
    return (
        "<style>"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] * {{{hidden}}}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after {{content:'{instructions}'; {shown}}}"
        f"{scope} button [data-testid='stMarkdownContainer'] p {{{hidden}}}"
        f"{scope} button [data-testid='stMarkdownContainer'] p::after {{content:'{button}'; {shown}}}"
        # while a file is dragged over it, the drop zone shows one more line, in a box with no test id
        f"{scope} > div:not([data-testid]):not(:has([data-testid])) * {{{hidden}}}"
        f"{scope} > div:not([data-testid]):not(:has([data-testid]))::after {{content:'{drag}'; {shown}}}"
        "</style>"
    )


def file_uploader(label: str, types: list[str], key: str, lang: str, multiple: bool = False):
    """`st.file_uploader` whose own words follow the UI language (see the module doc)."""
    if lang == "zh":
        st.html(_css(key, types, int(st.get_option("server.maxUploadSize"))))
    return st.file_uploader(label, type=types, accept_multiple_files=multiple, key=key)

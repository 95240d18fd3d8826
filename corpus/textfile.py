"""Bytes to text: encoding detection (UTF-8, UTF-16/32 with or without BOM, GBK/GB18030), binary refusal, size limits."""
from __future__ import annotations

import codecs
from pathlib import Path

from corpus.errors import TooLarge, UnreadableFile
from settings import Settings

DEFAULT_LIMIT = Settings.max_input_bytes  # the number lives in settings.py; the edges pass theirs in

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _limit_text(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / 1024 / 1024:g} MB"
    return f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes sit on one parity (ASCII) or text decodes cleanly."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _is_common_han(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _utf16_without_bom(data: bytes) -> str | None:
    """Chinese UTF-16 has few NUL bytes, so parity says little: decode both ways and keep a clean, mostly-text result."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
        # bytes that are not UTF-16 decode to rare characters; real Chinese text is almost all common ones
        common = sum(_is_common_han(ch) for ch in han)
        if han and common >= 0.9 * len(han) and not _is_binary_text(text):
            return text
    return None


def _is_binary_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return "\x00" in text or controls > max(2, len(text) // 100)


def decode_bytes(data: bytes, name: str = "the input") -> str:
    """Decode text in any of the encodings our users send; refuse binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom):], encoding, name)
    guess = _looks_utf16(data)
    if guess:
        return _checked(data, guess, name)
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise UnreadableFile(f"{name} looks like a binary file, not text.")
        return text
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _is_binary_text(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if not _is_binary_text(text):
            return text
    raise UnreadableFile(f"{name} is not readable text in a known encoding.")


def _checked(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise UnreadableFile(f"{name} is not valid {encoding.upper()} text.") from err
    if _is_binary_text(text):
        raise UnreadableFile(f"{name} looks like a binary file, not text.")
    return text


def printable(text: str) -> str:
    """Text with lone surrogates replaced by U+FFFD: a file name or argument of bytes that are not UTF-8 (Python keeps
    them as surrogates) can then be stored and printed."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that no undecodable byte made (a \\ud800 escape)
        return text.encode("utf-8", "replace").decode("utf-8")


def has_surrogate(text: str) -> bool:
    """True when a string holds a lone surrogate (from a JSON or YAML escape): it cannot be stored or shown."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_file(path: str | Path, limit: int = DEFAULT_LIMIT) -> bytes:
    """A file's bytes, refused before reading when over the limit; errors are one plain sentence."""
    p = Path(path)
    try:
        if p.is_dir():
            raise UnreadableFile(f"{p} is a folder, not a file.")
        check_size_of(p.stat().st_size, limit, p.name)
        return p.read_bytes()
    except FileNotFoundError as err:
        raise UnreadableFile(f"No such file: {p}.") from err
    except PermissionError as err:
        raise UnreadableFile(f"{p} cannot be read (permission denied).") from err
    except OSError as err:
        raise UnreadableFile(f"{p} cannot be read ({err.strerror or err}).") from err


def read_text(path: str | Path, limit: int = DEFAULT_LIMIT) -> str:
    """Read a text file, with its encoding detected; errors are one plain sentence."""
    return decode_bytes(read_file(path, limit), Path(path).name)


def check_size(data: bytes | str, limit: int = DEFAULT_LIMIT, name: str = "The input") -> None:
    """Refuse input over the limit, naming the limit."""
    check_size_of(len(data.encode("utf-8")) if isinstance(data, str) else len(data), limit, name)


def check_size_of(size: int, limit: int, name: str) -> None:
    if size > limit:
        raise TooLarge(f"{name} is {size / 1024 / 1024:.1f} MB; the limit is {_limit_text(limit)}.")

"""corpus/textfile.py: bytes to text in the encodings users send, binary refusal, size limits."""
from __future__ import annotations

import codecs

import pytest

from corpus.errors import TooLarge, UnreadableFile
from corpus.textfile import DEFAULT_LIMIT, check_size, decode_bytes, read_text

NOTE = "客户要求年底前上线新的计费系统。\nThe CFO worries about cash flow.\n采购经理：下周报价。\n"
ENGLISH = "The customer needs the new billing system live by year end.\nThe CTO wants a pilot first.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(NOTE.encode("utf-8"), id="utf-8"),
        pytest.param(NOTE.encode("utf-8-sig"), id="utf-8 with BOM"),
        pytest.param(NOTE.encode("utf-16"), id="utf-16 with BOM"),
        pytest.param(codecs.BOM_UTF16_BE + NOTE.encode("utf-16-be"), id="utf-16-be with BOM"),
        pytest.param(NOTE.encode("utf-32"), id="utf-32 with BOM"),
        pytest.param(NOTE.encode("gbk"), id="gbk"),
        pytest.param(NOTE.encode("gb18030"), id="gb18030"),
        pytest.param(NOTE.encode("utf-16-le"), id="utf-16-le without BOM, mixed text"),
    ],
)
def test_decode_bytes_reads_each_encoding(encoded):
    assert decode_bytes(encoded) == NOTE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_bytes_reads_bomless_utf16_english(encoding):
    assert decode_bytes(ENGLISH.encode(encoding)) == ENGLISH


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_bytes_reads_bomless_utf16_chinese(encoding):
    text = "客户要求年底前上线新的计费系统。\n财务总监担心现金流。\n采购经理希望下周收到报价。\n"
    assert decode_bytes(text.encode(encoding)) == text


def test_decode_bytes_empty_input_is_empty_text():
    assert decode_bytes(b"") == ""


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", id="png header"),
        pytest.param(bytes(range(256)) * 4, id="all byte values"),
        pytest.param(b"plain words\x00then a NUL", id="one NUL"),
        pytest.param(b"\x01\x02\x03\x04\x05\x06\x07" * 20, id="control characters"),
    ],
)
def test_decode_bytes_refuses_binary_and_names_the_input(data):
    with pytest.raises(UnreadableFile) as err:
        decode_bytes(data, "upload.bin")
    assert "upload.bin" in str(err.value)
    assert "\n" not in str(err.value)


def test_decode_bytes_refuses_utf16_with_bom_that_is_not_text():
    with pytest.raises(UnreadableFile, match="binary"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x01\x00\x02\x00\x03\x00\x04\x00" * 10, "x.txt")


def test_read_text_detects_gbk_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(NOTE.encode("gbk"))
    assert read_text(path) == NOTE


def test_read_text_missing_file_is_one_plain_sentence(tmp_path):
    with pytest.raises(UnreadableFile, match="No such file") as err:
        read_text(tmp_path / "nope.txt")
    assert "nope.txt" in str(err.value)


def test_read_text_refuses_a_folder(tmp_path):
    with pytest.raises(UnreadableFile, match="is a folder"):
        read_text(tmp_path)


def test_read_text_over_the_default_limit_names_2_mb(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (DEFAULT_LIMIT + 1))
    with pytest.raises(TooLarge) as err:
        read_text(path)
    assert "2 MB" in str(err.value)
    assert "big.txt" in str(err.value)


def test_read_text_exactly_at_the_limit_is_read(tmp_path):
    path = tmp_path / "edge.txt"
    path.write_bytes(b"a" * 1000)
    assert read_text(path, limit=1000) == "a" * 1000


def test_small_limits_are_named_in_kb(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"a" * 2049)
    with pytest.raises(TooLarge, match="2 KB"):
        read_text(path, limit=2048)


@pytest.mark.parametrize(
    ("data", "limit", "too_large"),
    [
        ("a" * 10, 10, False),
        ("a" * 11, 10, True),
        ("汉" * 4, 12, False),  # 12 bytes in UTF-8
        ("汉" * 5, 12, True),  # five characters but fifteen bytes: the limit is on bytes
        (b"\x00" * 13, 12, True),
    ],
)
def test_check_size_counts_utf8_bytes(data, limit, too_large):
    if too_large:
        with pytest.raises(TooLarge, match="the limit is"):
            check_size(data, limit, "Standard input")
    else:
        check_size(data, limit, "Standard input")

"""Notes far past any real meeting note, and caption runs with no punctuation: a huge note is refused at once with
its limit; a normal-size run without a single comma is read as statements of about a clause each."""
from __future__ import annotations

import re
import resource

import pytest

from corpus.errors import TooLarge
from nlp.analyse import MAX_NOTE_CHARS, analyse
from nlp.text.segment import MAX_CHARS, segment
from settings import Settings
from tests.conftest import CASES


def _unpunctuated_chinese(chars: int) -> str:
    """Our own Chinese case stories with every mark, digit, letter and line break taken out, repeated to `chars`."""
    han = "".join(re.sub(r"[^\u3400-\u9fff]", "", p.read_text(encoding="utf-8")) for p in sorted(CASES.glob("*-zh.md")))
    return (han * (chars // len(han) + 1))[:chars]


def test_the_settings_and_the_analysis_share_one_note_limit():
    assert Settings().max_note_chars == MAX_NOTE_CHARS == 100_000


def test_a_600_kb_unpunctuated_note_is_refused_by_the_cli_with_its_limit_within_10_s_of_cpu(run_cli, tmp_path):
    note = tmp_path / "captions.txt"
    note.write_text(_unpunctuated_chinese(200_000), encoding="utf-8")
    assert note.stat().st_size == 600_000
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = run_cli("analyse", note)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert out.returncode == 2, out.stderr.decode()[-500:]
    assert out.stderr.decode().strip() == "The note has 200,000 characters; the limit is 100,000 per analysis."
    assert out.stdout == b""
    assert cpu < 10, f"{cpu:.1f} s of CPU"  # CPU, not wall time: the machine is shared; before the limit, 18 s


def test_a_note_over_the_limit_is_refused_before_any_work(classifier):
    with pytest.raises(TooLarge, match="the limit is 5,000 per analysis"):
        analyse("客户" * 3000, classifier, max_chars=5000)


def test_an_unpunctuated_chinese_run_is_cut_into_clauses_that_cover_it():
    text = _unpunctuated_chinese(20_000)
    statements = segment(text)
    assert 250 <= len(statements) <= 450  # pieces of about RUN_PIECE x the clause limit; was one statement of 20,000 characters
    assert max(len(s.text) for s in statements) <= MAX_CHARS["zh"] + 10
    assert "".join(s.text for s in statements) == text  # nothing lost, nothing doubled
    assert all(a.end == b.start for a, b in zip(statements, statements[1:]))


def test_an_english_caption_run_is_cut_at_word_boundaries():
    words = ("so as you know our current permitting system is old and the vendor stopped supporting it "
             "and we are asking for funds for a new system that would integrate with the payment portal ").split()
    text = " ".join(words * 30).upper()
    statements = segment(text)
    assert len(statements) > 10 and max(len(s.text) for s in statements) <= MAX_CHARS["en"] + 20
    assert all(s.text.split()[0] in {w.upper() for w in words} for s in statements)  # no word cut in half
    assert " ".join(s.text for s in statements) == text


def test_a_short_comma_free_sentence_stays_whole():
    text = "客户希望在年底之前完成核心网的割接并且要求我们提供七乘二十四小时的现场支持服务以及完整的培训计划和验收方案"
    assert [s.text for s in segment(text)] == [text]  # under twice the limit: one idea, one statement


def test_a_normal_size_caption_note_without_punctuation_is_analysed(classifier):
    text = _unpunctuated_chinese(3_000)
    result = analyse(text, classifier)
    assert 35 <= len(result.needs) <= 75  # pieces of about RUN_PIECE x the clause limit
    assert {n.label for n in result.needs} - {"none"}  # needs are found in it, not one label for everything

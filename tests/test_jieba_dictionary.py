"""jieba's dictionary from our compact copy: the same words and counts as jieba's own loading, and a bad copy is redone."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

_PROBE = (
    "import hashlib, json, sys; from pathlib import Path; import jieba; jieba.setLogLevel(60); "
    "from nlp.text import jieba_dictionary as jd; folder = Path(sys.argv[1]); had = jd.copy_path(folder).exists(); "
    "dt = jd.ready(folder) if sys.argv[2] == 'ours' else (jieba.dt.initialize() or jieba.dt); "
    "digest = hashlib.sha1(json.dumps(sorted(dt.FREQ.items()), ensure_ascii=False).encode()).hexdigest(); "
    "print(json.dumps({'had_copy': had, 'has_copy': jd.copy_path(folder).exists(), 'n': len(dt.FREQ), "
    "'total': dt.total, 'digest': digest, 'words': jieba.lcut('信息中心主任周立新说明年上线统一身份认证')}, ensure_ascii=False))"
)


def _probe(folder, how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(folder), how], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_copy_gives_jiebas_own_dictionary_and_a_bad_copy_is_rewritten(tmp_path):
    jiebas = _probe(tmp_path, "jieba")
    first = _probe(tmp_path, "ours")  # no copy yet: jieba's loading, then the copy is written
    assert not first["had_copy"] and first["has_copy"]
    second = _probe(tmp_path, "ours")  # read from the copy
    assert second["had_copy"]
    for got in (first, second):
        assert (got["n"], got["total"], got["digest"], got["words"]) == (
            jiebas["n"], jiebas["total"], jiebas["digest"], jiebas["words"])
    assert jiebas["n"] > 400_000

    copy = next(tmp_path.glob("jieba-freq-*"))
    copy.write_bytes(copy.read_bytes()[:1000])  # a truncated copy
    again = _probe(tmp_path, "ours")
    assert again["digest"] == jiebas["digest"]
    assert copy.stat().st_size > 1_000_000  # written again whole


_TAGS = (
    "import hashlib, json, sys; from pathlib import Path; import jieba; jieba.setLogLevel(60); "
    "from nlp.text import jieba_dictionary as jd; folder = Path(sys.argv[1]); "
    "had = jd.copy_path(folder, 'jieba-tags-1').exists(); "
    "p = jd.posseg(folder) if sys.argv[2] == 'ours' else __import__('jieba.posseg', fromlist=['dt']); "
    "digest = hashlib.sha1(json.dumps(sorted(p.dt.word_tag_tab.items()), ensure_ascii=False).encode()).hexdigest(); "
    "print(json.dumps({'had_copy': had, 'n': len(p.dt.word_tag_tab), 'digest': digest, "
    "'tags': [tuple(w) for w in p.cut('信息中心主任周立新说，明年上半年上线统一身份认证')]}, ensure_ascii=False))"
)


def test_the_part_of_speech_table_from_the_copy_is_jiebas_own(tmp_path):
    def probe(how: str) -> dict:
        out = subprocess.run([sys.executable, "-c", _TAGS, str(tmp_path), how], cwd=ROOT, capture_output=True, text=True,
                             timeout=300)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    jiebas, first, second = probe("jieba"), probe("ours"), probe("ours")
    assert not first["had_copy"] and second["had_copy"]
    assert jiebas["n"] > 300_000 and ["周", "nr"] in jiebas["tags"]
    for got in (first, second):
        assert (got["n"], got["digest"], got["tags"]) == (jiebas["n"], jiebas["digest"], jiebas["tags"])

"""What a new process loads before and while it reads a note: Chinese tables only for Chinese text."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

_PROBE = (
    "import json, sys; import cli, features.services, features.similar, nlp.analyse; cli.build_parser(); "
    "from nlp.reading import read_note; r = read_note(sys.argv[1]); "
    "jieba = sys.modules.get('jieba'); "
    "print(json.dumps({'people': [p.name for p in r.people], 'statements': len(r.statements), "
    "'posseg': 'jieba.posseg' in sys.modules, 'pypinyin': 'pypinyin' in sys.modules, "
    "'dictionary': bool(jieba and jieba.dt.initialized)}))"
)


def _read_in_new_process(note: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, note], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_english_note_loads_no_chinese_tables():
    got = _read_in_new_process("Attendees: Ines Ferreira (CIO), Tom Walsh\n- Ines wants the rollout done by June.\n"
                               "- Tom is worried about the budget; he needs a win before his review.")
    assert got["people"] and "Ines Ferreira" in got["people"]
    assert got["statements"] >= 2
    assert not got["posseg"] and not got["pypinyin"] and not got["dictionary"]


def test_a_chinese_note_still_finds_its_names_with_them():
    got = _read_in_new_process("参会人员：周立新（信息中心主任）、林晓\n- 周主任希望明年上半年完成上线。\n- 老周说预算今年很紧。")
    assert "周立新" in got["people"]
    assert got["posseg"] and got["dictionary"]

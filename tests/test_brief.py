"""cli.py brief (contract): the Markdown brief of a note on stdout, people and contacts masked unless --no-redact."""
from __future__ import annotations

import json
import re

from tests.conftest import ROOT

PRIVACY = ROOT / "corpus" / "privacy"


def _gold(note: str) -> dict:
    return next(g for g in map(json.loads, (PRIVACY / "gold.jsonl").read_text(encoding="utf-8").splitlines())
                if g["note"] == note)


def test_brief_masks_every_person_and_contact_of_a_gold_note(run_cli, small_library):
    gold = _gold("55.txt")  # a mixed note: names in both scripts, an e-mail with a name in it, a phone number
    out = run_cli("brief", PRIVACY / "notes" / "55.txt", "--library", small_library.folder, "--lang", "en")
    assert out.returncode == 0, out.stderr.decode()
    brief = out.stdout.decode("utf-8")
    assert brief.startswith("# Needs brief") and "## Explicit needs" in brief
    for form in [f for p in gold["persons"] for f in p["forms"]] + gold["contacts"]:
        pattern = re.escape(form) if re.search(r"[\u4e00-\u9fff]", form) else rf"\b{re.escape(form)}\b"
        assert not re.search(pattern, brief), form
    assert "[Person A]" in brief and b"masked" in out.stderr


def test_no_redact_and_chinese_brief_from_stdin(run_cli):
    note = "参会：信息中心主任周立新\n周主任说核心网割接必须在六月底前完成，他希望借此升职。\n电话 138 1021 4477".encode()
    plain = run_cli("brief", "-", "--no-redact", "--lang", "zh", stdin=note)
    assert plain.returncode == 0 and "周主任" in plain.stdout.decode() and plain.stdout.decode().startswith("# 需求简报")
    masked = run_cli("brief", "-", stdin=note).stdout.decode()  # the note's language: Chinese
    assert "周主任" not in masked and "周立新" not in masked and "[人物A]" in masked and "4477" not in masked
    assert "[人物A]主任" in masked  # the title stays beside the placeholder


def test_bad_input_is_one_plain_sentence(run_cli, tmp_path):
    binary = tmp_path / "note.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    out = run_cli("brief", binary)
    assert out.returncode == 2 and len(out.stderr.decode().strip().splitlines()) == 1


def test_account_people_are_masked_even_when_named_only_in_an_earlier_meeting(run_cli, tmp_path):
    first = tmp_path / "m1.txt"
    first.write_text("Northwind Metals call, 2026-03-02\nAttendees: Ines Ferreira (CIO), Tom Baker (procurement), 周立新\n"
                     "Ines: we need the ERP migration finished by June.\nTom Baker said the budget is frozen until the board meets.\n",
                     encoding="utf-8")
    later = ("Northwind Metals follow-up, 2026-04-10\nFerreira still worries about the audit date and needs the plan in May.\n"
             "Tom confirmed the budget; Baker wants the discount in writing.\n周总 wants a site visit before signing.\n")
    lib = tmp_path / "lib"
    assert run_cli("account", "add", "Northwind", first, "--library", lib).returncode == 0
    out = run_cli("brief", "-", "--library", lib, "--account", "Northwind", "--lang", "en", stdin=later.encode())
    assert out.returncode == 0, out.stderr.decode()
    brief = out.stdout.decode("utf-8")
    for name in ("Ferreira", "Tom", "Baker", "周总", "周"):
        assert name not in brief, (name, brief)
    # three people: `Tom` and `Baker` are one person to the account, with one placeholder
    assert b"masked 3 people" in out.stderr, out.stderr
    wrong = run_cli("brief", "-", "--library", lib, "--account", "Nothwind", stdin=later.encode())
    assert wrong.returncode == 2 and b"Northwind" in wrong.stderr

"""The one retrain path (features/corrections.py): corrections stored beside a library are trained on, marked used,
and the saved model loads; the CLI `train` command goes through the same function."""
from __future__ import annotations

import pytest

from features.corrections import add_correction, retrain_with_corrections, stored_corrections, training_rows
from nlp.needs.data import load_split
from nlp.needs.model import NeedsModel

pytestmark = pytest.mark.slow

CORRECTED = "Vendor financing over three years came up twice in the call."


def test_corrections_join_the_training_rows_but_never_the_test_file(tmp_path):
    add_correction(tmp_path, CORRECTED, "explicit", "none", "en")
    rows, dev = training_rows(stored_corrections(tmp_path))
    assert rows[-1].text == CORRECTED and rows[-1].label == "explicit"
    assert len(rows) == len(load_split("train")) + 1
    test_texts = {r.text for r in load_split("test")}
    assert not test_texts & {r.text for r in rows + dev}


def test_unknown_label_is_refused(tmp_path):
    from index.errors import LibraryError

    with pytest.raises(LibraryError, match="valid labels"):
        add_correction(tmp_path, "x", "urgent", "none", "en")


def test_retrain_uses_the_corrections_marks_them_used_and_saves_a_loadable_model(tmp_path, embedder):
    lib_dir, model_dir = tmp_path / "lib", tmp_path / "model"
    assert add_correction(lib_dir, CORRECTED, "explicit", "none", "en") == 1
    model = retrain_with_corrections(lib_dir, embedder, model_dir, log=lambda m: None)
    assert model.report["corrections"] == 1
    assert stored_corrections(lib_dir) == []  # used now
    assert len(stored_corrections(lib_dir, unused_only=False)) == 1
    loaded = NeedsModel.load(model_dir)
    assert loaded.embedder_name == embedder.name
    assert 0.8 < loaded.report["dev_macro_f1"] <= 1.0

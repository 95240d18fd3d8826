"""Label corrections from reps: retrain the needs classifier on train + corrections, keeping dev for choices."""
from __future__ import annotations

from pathlib import Path

from index.library import Library
from nlp.embed.base import Embedder
from nlp.needs.data import Labelled, load_split
from nlp.needs.model import NeedsModel, train


def retrain_with_corrections(library: Library, embedder: Embedder, model_dir: Path, log=print) -> NeedsModel:
    """Train on the fixed train file plus every correction stored in the library; save over the model."""
    corrections = library.corrections(unused_only=False)
    extra = [Labelled(c["text"], c["label"], c["language"] or "", "correction") for c in corrections]
    model = train(load_split("train") + extra, load_split("dev"), embedder, log=log)
    model.report["corrections"] = len(extra)
    model.save(model_dir)
    library.mark_corrections_used()
    return model

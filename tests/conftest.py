"""Shared fixtures: the real e5 embedder, the trained needs classifier and a small case library, each built once.

Nothing here writes under data/ or corpus/: caches, libraries and models made for the tests live
in pytest's temporary folders. The CLI tests get a data folder of their own that holds a copy of
the trained model and shares the session's embedding cache, so their subprocesses start warm.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # cli.py and settings.py sit at the top of the project
    sys.path.insert(0, str(ROOT))

from index.library import Library  # noqa: E402
from nlp.embed import DEFAULT_EMBEDDER, EmbeddingCache, make_embedder  # noqa: E402
from nlp.needs.model import ModelMismatch, NeedsModel  # noqa: E402
from nlp.runtime import load_classifier  # noqa: E402
from tests.pg_fixtures import backend_library, backend_stores, pg_server, pg_url  # noqa: E402, F401  (the server backend's fixtures)

TEST_DATA = ROOT / "tests" / "data"
CASES = ROOT / "corpus" / "cases"
BUILT_MODEL = ROOT / "data" / "model"
SMALL_STORIES = ("hyperinflation-local-currency-prepayment", "nigeria-power-failure-night", "venezuela-roaming-31-minutes")
SMALL_CASES = tuple(CASES / f"{story}-{lang}.md" for story in SMALL_STORIES for lang in ("en", "zh"))
SMALL_IDS = tuple(p.stem for p in SMALL_CASES)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """A data folder for this session: cache/, model/ and whatever a test builds; never the project's data/.

    The project's embedding cache (content-hash keyed, filled by `make` when it builds the model and library) is
    copied in when present, so tests do not embed the same texts again; the vectors are the same real ones."""
    folder = tmp_path_factory.mktemp("data")
    built_cache = ROOT / "data" / "cache" / "embeddings.sqlite"
    if built_cache.exists():
        (folder / "cache").mkdir()
        shutil.copy2(built_cache, folder / "cache" / "embeddings.sqlite")
    return folder


@pytest.fixture(scope="session")
def embedder(data_dir):
    return make_embedder(DEFAULT_EMBEDDER, EmbeddingCache(data_dir / "cache" / "embeddings.sqlite"))


def _usable_model(folder: Path, embedder) -> bool:
    try:
        return NeedsModel.load(folder).embedder_name == embedder.name
    except (ModelMismatch, ValueError, OSError, zipfile.BadZipFile):  # missing or damaged: train one here
        return False


@pytest.fixture(scope="session")
def model_dir(data_dir, embedder) -> Path:
    """The trained model from `cli.py train`, or one trained here when data/model is missing."""
    if _usable_model(BUILT_MODEL, embedder):
        return BUILT_MODEL
    from nlp.needs.data import load_split
    from nlp.needs.model import train

    folder = data_dir / "trained-model"
    train(load_split("train"), load_split("dev"), embedder, log=lambda _msg: None).save(folder)
    return folder


@pytest.fixture(scope="session")
def classifier(model_dir, embedder):
    return load_classifier(model_dir, embedder)


@pytest.fixture(scope="session")
def small_library(tmp_path_factory, embedder, classifier) -> Library:
    """Three stories in English and Chinese (six built-in cases); tests must not write to it."""
    folder = tmp_path_factory.mktemp("small-library") / "library"
    library = Library(folder, embedder, classifier)
    report = library.ingest(list(SMALL_CASES))
    assert sorted(report.added) == sorted(SMALL_IDS), report.to_dict()
    assert not report.failed
    return library


@pytest.fixture
def library_copy(small_library, tmp_path, embedder, classifier) -> Library:
    """A private copy of the small library that a test may change."""
    folder = tmp_path / "library"
    shutil.copytree(small_library.folder, folder)
    return Library(folder, embedder, classifier)


# --- command line -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def cli_data_dir(data_dir, model_dir, classifier) -> Path:
    """The session data folder with the model copied in, for `cli.py --data-dir`."""
    target = data_dir / "model"
    if not target.exists():
        shutil.copytree(model_dir, target)
    return data_dir


@pytest.fixture(scope="session")
def run_cli(cli_data_dir):
    """Run `python cli.py --data-dir <session data> ARGS...` in a subprocess; returns the CompletedProcess."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false",
               PYTHONIOENCODING="utf-8")

    def run(*args: str, stdin: bytes | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
        cmd = [sys.executable, str(ROOT / "cli.py"), "--data-dir", str(cli_data_dir), *map(str, args)]
        feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
        return subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env, timeout=timeout, **feed)

    return run

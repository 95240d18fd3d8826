"""index/generations.py: atomic writes, the CURRENT pointer, numbering and cleaning of generation folders."""
from __future__ import annotations

from index import generations as gens


def make_gen(folder, number):
    gen = folder / f"gen-{number:06d}"
    gen.mkdir(parents=True)
    (gen / "data").write_bytes(b"x")
    return gen


def test_write_atomic_replaces_the_file_and_leaves_no_temporaries(tmp_path):
    target = tmp_path / "CURRENT"
    gens.write_atomic(target, b"gen-000001")
    gens.write_atomic(target, b"gen-000002")
    assert target.read_bytes() == b"gen-000002"
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]


def test_current_is_none_without_a_valid_pointer(tmp_path):
    assert gens.current(tmp_path) is None
    (tmp_path / "CURRENT").write_text("gen-000007")  # points at a folder that does not exist
    assert gens.current(tmp_path) is None
    (tmp_path / "CURRENT").write_text("../elsewhere")
    assert gens.current(tmp_path) is None
    gen = make_gen(tmp_path, 7)
    (tmp_path / "CURRENT").write_text("gen-000007\n")
    assert gens.current(tmp_path) == gen


def test_new_generation_is_numbered_after_every_existing_one(tmp_path):
    make_gen(tmp_path, 3)
    make_gen(tmp_path, 12)
    (tmp_path / "gen-notanumber").mkdir()
    assert gens.new_generation(tmp_path).name == "gen-000013"


def test_publish_points_at_the_new_generation_and_keeps_two(tmp_path):
    for n in (1, 2, 3):
        gen = make_gen(tmp_path, n)
        gens.publish(tmp_path, gen)
    assert gens.current(tmp_path).name == "gen-000003"
    assert sorted(p.name for p in tmp_path.glob("gen-*")) == ["gen-000002", "gen-000003"]


def test_cleanup_removes_unpublished_leftovers_but_not_the_current_one(tmp_path):
    gens.publish(tmp_path, make_gen(tmp_path, 1))
    make_gen(tmp_path, 2)  # a writer died before publishing
    make_gen(tmp_path, 999999)
    gens.cleanup(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("gen-*")) == ["gen-000001"]


def test_cleanup_does_nothing_without_a_current_generation(tmp_path):
    make_gen(tmp_path, 1)
    gens.cleanup(tmp_path)
    assert (tmp_path / "gen-000001").is_dir()


def test_writer_lock_creates_the_folder_and_can_be_taken_again(tmp_path):
    folder = tmp_path / "new-library"
    with gens.writer_lock(folder):
        assert (folder / ".lock").exists()
    with gens.writer_lock(folder):
        pass

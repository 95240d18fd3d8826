"""The server backend's own faults and guarantees: masked passwords, plain errors (unreachable, wrong password,
no pgvector, a connection dropped mid-ingest) with nothing half written, roles, HNSW, two app instances, the CLI."""
from __future__ import annotations

import dataclasses
import json
import threading
import time

import pytest

from index.errors import LibraryError
from index.maintenance import check
from index.pg import schema
from index.pg.connection import connect, mask
from index.pg.library import PgLibrary
from index.pg.migrate import migrate
from index.pg.server import free_port
from index.records import Filters, MigrateReport
from index.vectors import HNSW_EF_CONSTRUCTION, HNSW_M
from tests.conftest import CASES, TEST_DATA

SECRET = "s3cret-Pw_42"


@pytest.mark.parametrize("url, shown", [
    ("postgresql://bid:s3cret@db.example:5432/lib", "postgresql://bid:***@db.example:5432/lib"),
    ("postgresql://bid@db.example/lib", "postgresql://bid@db.example/lib"),
    ("postgres://u:p%40ss:word@h/d?sslmode=require", "postgres://u:***@h/d?sslmode=require"),
    ("postgresql://h/d?user=u&password=topsecret&sslmode=verify-full", "postgresql://h/d?user=u&password=***&sslmode=verify-full"),
])
def test_mask_hides_every_password(url, shown):
    assert mask(url) == shown


@pytest.fixture
def server_library(pg_url, small_library, embedder, classifier) -> PgLibrary:
    lib = PgLibrary(pg_url, embedder, classifier)
    migrate(small_library, lib)
    yield lib
    lib.close()


def _role(pg_server, database: str, name: str, grants: list[str]) -> str:
    with connect(pg_server.url(database), autocommit=True) as con:
        con.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{SECRET}'")
        for grant in grants:
            con.execute(grant.format(role=name))
    return pg_server.url(database, user=name, password=SECRET)


def test_wrong_password_is_one_sentence_without_the_password(pg_server, embedder):
    url = pg_server.url(password=SECRET)
    with pytest.raises(LibraryError) as err:
        PgLibrary(url, embedder)
    message = str(err.value)
    assert "user name or password is wrong" in message and SECRET not in message and "***" in message
    assert "\n" not in message


def test_unreachable_server_fails_fast_and_plainly(embedder):
    started = time.perf_counter()
    with pytest.raises(LibraryError, match="unreachable"):
        PgLibrary(f"postgresql://bid:{SECRET}@127.0.0.1:{free_port()}/lib", embedder)
    assert time.perf_counter() - started < 10


def test_database_without_pgvector_is_named_as_such(pg_server, embedder):
    with connect(pg_server.url(), autocommit=True) as con:
        con.execute("DROP DATABASE IF EXISTS novector")
        con.execute("DROP ROLE IF EXISTS plain")
        con.execute(f"CREATE ROLE plain LOGIN PASSWORD '{SECRET}'")
        con.execute("CREATE DATABASE novector OWNER plain")
    with pytest.raises(LibraryError, match="has no pgvector extension") as err:
        PgLibrary(pg_server.url("novector", user="plain", password=SECRET), embedder)
    assert SECRET not in str(err.value)


def test_dropped_connection_mid_ingest_writes_nothing(server_library, pg_url):
    def counts() -> dict:  # not bytes_on_disk: a rolled-back insert may still have grown the table files
        return {k: v for k, v in server_library.stats().to_dict().items() if k != "bytes_on_disk"}

    before = counts()

    held = threading.Event()

    def kill_the_writer() -> None:
        """The library's figures stay row-locked here, so the writer, once it holds its lock and has written its
        rows, waits at publishing them: then the server drops its connection (however fast the write is)."""
        deadline = time.time() + 120
        with connect(pg_url) as blocker, connect(pg_url, autocommit=True) as con:
            blocker.execute("SELECT key FROM library_meta FOR UPDATE").fetchall()
            held.set()
            while time.time() < deadline:
                killed = con.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                                     "AND objid = %s", (schema.WRITER_LOCK,)).fetchall()
                if killed:
                    break
                time.sleep(0.01)
            blocker.rollback()

    killer = threading.Thread(target=kill_the_writer)
    killer.start()
    held.wait(60)
    with pytest.raises(LibraryError, match="connection was lost.*nothing was changed") as err:
        server_library.ingest([TEST_DATA / "case_front_matter.md", TEST_DATA / "cases.csv"])
    killer.join()
    assert "***" in str(err.value) and "@" in str(err.value)
    assert counts() == before
    assert server_library.case("billing-cutover-test") is None
    from index.maintenance import check

    assert check(server_library) == []


def test_read_only_role_searches_but_cannot_write(server_library, pg_server, pg_url, embedder, classifier):
    database = pg_url.rsplit("/", 1)[1]
    url = _role(pg_server, database, f"reader_{database}", [
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"])
    reader = PgLibrary(url, embedder, classifier)
    assert reader.search("roaming minister", 1)[0].id.startswith("venezuela")
    with pytest.raises(LibraryError, match="may not do that.*nothing was changed") as err:
        reader.remove(["venezuela-roaming-31-minutes-en"])
    assert SECRET not in str(err.value)
    assert server_library.case("venezuela-roaming-31-minutes-en") is not None


def test_write_role_ingests_without_owning_the_tables(server_library, pg_server, pg_url, embedder, classifier):
    database = pg_url.rsplit("/", 1)[1]
    url = _role(pg_server, database, f"writer_{database}", [
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"])
    bid_manager = PgLibrary(url, embedder, classifier)
    assert bid_manager.ingest([TEST_DATA / "case_front_matter.md"]).added == ["billing-cutover-test"]
    assert bid_manager.remove(["billing-cutover-test"]) == ["billing-cutover-test"]
    bid_manager.close()


def test_a_second_app_instance_sees_writes_at_once(server_library, pg_url, embedder, classifier):
    other = PgLibrary(pg_url, embedder, classifier)
    assert all(h.id != "billing-cutover-test" for h in other.search("billing cutover", 3, mode="bm25"))
    report = server_library.ingest([TEST_DATA / "case_front_matter.md"])
    assert report.added == ["billing-cutover-test"]
    assert other.search("billing cutover", 1, mode="bm25")[0].id == "billing-cutover-test"
    assert other.stats().cases == 7
    other.close()


def test_hnsw_index_gives_the_exact_ranking_on_a_small_library(server_library, small_library, monkeypatch, pg_url):
    def has_hnsw() -> bool:
        with connect(pg_url) as con:
            return con.execute("SELECT to_regclass('passages_vec')").fetchone()[0] is not None

    assert not has_hnsw()  # 54 passages: an exact scan answers, no graph to keep up on every insert
    monkeypatch.setattr("index.pg.library.HNSW_ABOVE", 0)
    monkeypatch.setattr("index.pg.schema.HNSW_ABOVE", 0)
    assert server_library.remove(["no-such-case", "hyperinflation-local-currency-prepayment-zh"])  # a write builds it
    assert has_hnsw() and server_library.stats().index == "HNSW"
    with connect(pg_url) as con:  # the faiss graph's parameters (index/vectors.py), not pgvector's smaller defaults
        options = con.execute("SELECT reloptions FROM pg_class WHERE relname = 'passages_vec'").fetchone()[0]
    assert sorted(options) == sorted([f"m={HNSW_M}", f"ef_construction={HNSW_EF_CONSTRUCTION}"])
    server_library.ingest([CASES / "hyperinflation-local-currency-prepayment-zh.md"])
    assert check(server_library) == []
    for query, f in (("power failure at night", Filters()), ("夜间断电", Filters(language="en"))):
        assert [h.id for h in server_library.search(query, 3, f, "dense")] == \
            [h.id for h in small_library.search(query, 3, f, "dense")]


def test_cli_migrates_then_searches_a_server_library(run_cli, small_library, pg_url):
    done = run_cli("migrate", "--from", small_library.folder, "--to", pg_url, "--quiet")
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert "migrated 6 cases" in out and pg_url.split(":")[2].split("@")[0] not in out
    again = run_cli("migrate", "--from", small_library.folder, "--to", pg_url, "--quiet")
    assert again.returncode == 2 and "already holds cases" in again.stderr.decode()
    found = run_cli("search", "minister roaming restored", "--library", pg_url, "--k", "1", "--json")
    assert found.returncode == 0, found.stderr.decode()
    assert json.loads(found.stdout)[0]["id"].startswith("venezuela-roaming")


def test_migrate_hands_out_a_record_and_the_cli_prints_its_fields(run_cli, small_library, pg_url):
    done = run_cli("migrate", "--from", small_library.folder, "--to", pg_url, "--quiet", "--json")
    assert done.returncode == 0, done.stderr.decode()
    stats = small_library.stats()
    assert json.loads(done.stdout) == {"cases": stats.cases, "passages": stats.passages, "statements": stats.statements,
                                       "to": mask(pg_url)}


def test_migrate_returns_a_frozen_record(pg_url, small_library, embedder):
    report = migrate(small_library, PgLibrary(pg_url, embedder))
    assert isinstance(report, MigrateReport) and report.cases == small_library.stats().cases and report.to == mask(pg_url)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.cases = 0  # type: ignore[misc]


def test_cli_wrong_password_exits_2_with_one_masked_line(run_cli, pg_server):
    done = run_cli("search", "roaming", "--library", pg_server.url(password=SECRET))
    err = done.stderr.decode()
    assert done.returncode == 2 and SECRET not in err and len(err.strip().splitlines()) == 1


# --- the stores beside the library on the server: accounts and corrections --------------------------------------
def test_account_store_faults_are_one_masked_sentence(pg_server, embedder):
    from features.accounts.store import AccountStore
    from features.corrections import add_correction

    for url, reason in ((pg_server.url(password=SECRET), "user name or password is wrong"),
                        (f"postgresql://bid:{SECRET}@127.0.0.1:{free_port()}/lib", "unreachable")):
        for opening in (lambda u: AccountStore.beside(u), lambda u: add_correction(u, "a line", "none", "explicit", "en")):
            with pytest.raises(LibraryError, match=reason) as err:
                opening(url)
            assert SECRET not in str(err.value) and "\n" not in str(err.value)


def test_dropped_connection_mid_account_write_leaves_nothing(pg_url):
    from features.accounts.records import Meeting, StoredStatement
    from features.accounts.store import AccountStore

    store = AccountStore.beside(pg_url)
    store.add_meeting(Meeting("m-0", "acc", "2026-01-01", "t", "now"), "kept", [], [])
    victim = store.con.con.info.backend_pid

    def vectors():  # read inside the write transaction, after the meeting row went in: the connection dies there
        with connect(pg_url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (victim,))
        yield None

    with pytest.raises(LibraryError, match="connection was lost; nothing was changed"):
        store.add_meeting(Meeting("m-1", "acc", "2026-01-02", "t", "now"), "lost",
                          [StoredStatement("m-1", 0, "text", "none", 0.5, "en")], vectors())
    assert [m.id for m in store.meetings("acc")] == ["m-0"]  # the store reconnects; the half write is gone
    assert [m.id for m in AccountStore.beside(pg_url).meetings("acc")] == ["m-0"]


def test_cli_accounts_live_in_the_server_database(run_cli, pg_url, pg_server):
    note = TEST_DATA / "accounts" / "en-demo" / "m1.md"
    done = run_cli("account", "add", "Harbour Rail", note, "--library", pg_url, "--json")
    assert done.returncode == 0, done.stderr.decode()
    listed = run_cli("account", "list", "--library", pg_url, "--json")  # another process, the same database
    assert [r["account"] for r in json.loads(listed.stdout)] == ["Harbour Rail"]
    with connect(pg_url) as con:
        assert con.execute("SELECT COUNT(*) FROM accounts.meetings").fetchone()[0] == 1
    refused = run_cli("account", "list", "--library", f"postgresql://bid:{SECRET}@127.0.0.1:{free_port()}/lib")
    err = refused.stderr.decode()
    assert refused.returncode == 2 and "unreachable" in err and SECRET not in err and len(err.strip().splitlines()) == 1


def test_check_repair_rebuilds_vectors_keywords_and_indexes_on_the_server(server_library, small_library, pg_url):
    from index.maintenance import check
    from index.pg.maintenance import repair

    with connect(pg_url, autocommit=True) as con:  # damage: lost vectors and tsvectors, a dropped index, stale figures
        con.execute("UPDATE passages SET embedding = NULL WHERE pid IN (SELECT pid FROM passages ORDER BY pid LIMIT 5)")
        con.execute("UPDATE passages SET tsv = NULL WHERE pid IN (SELECT pid FROM passages ORDER BY pid DESC LIMIT 4)")
        con.execute("DELETE FROM postings WHERE pid IN (SELECT pid FROM passages ORDER BY pid DESC LIMIT 4)")
        con.execute("DROP INDEX postings_lexeme")
        con.execute("UPDATE library_meta SET value = '3' WHERE key = 'n'")
        con.execute("UPDATE library_meta SET value = (value::int + 1)::text WHERE key = 'version'")
    total = server_library.stats().passages
    assert check(server_library) == [f"5 of {total} passages have no vector", f"4 of {total} passages have no keyword tokens",
                                     f"4 of {total} passages have no keyword postings",
                                     "the index postings_lexeme is missing",
                                     f"the keyword statistics count 3 passages, the database {total}"]
    assert "5 missing vectors re-embedded" in repair(server_library)
    assert check(server_library) == []
    for mode in ("dense", "bm25", "hybrid"):
        for query in ("minister roaming restored in 31 minutes", "夜间机房断电 空调"):
            mine = [(h.id, round(h.score, 4)) for h in server_library.search(query, 5, mode=mode)]
            assert mine == [(h.id, round(h.score, 4)) for h in small_library.search(query, 5, mode=mode)], (mode, query)


def test_cli_check_repair_on_the_server(run_cli, small_library, pg_url):
    assert run_cli("migrate", "--from", small_library.folder, "--to", pg_url, "--quiet").returncode == 0
    with connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE passages SET embedding = NULL WHERE pid IN (SELECT pid FROM passages ORDER BY pid LIMIT 2)")
    found = run_cli("check", "--library", pg_url)
    assert found.returncode == 1 and "have no vector" in found.stdout.decode()
    fixed = run_cli("check", "--repair", "--library", pg_url)
    out = fixed.stdout.decode()
    assert fixed.returncode == 0 and "2 missing vectors re-embedded" in out and "library is consistent" in out, out


def test_a_library_from_before_the_postings_table_searches_and_gains_it_on_the_next_write(server_library, small_library,
                                                                                       pg_url):
    from index.maintenance import check

    query = "minister roaming restored in 31 minutes"
    before = [(h.id, round(h.score, 4)) for h in server_library.search(query, 5, mode="bm25")]
    with connect(pg_url, autocommit=True) as con:
        con.execute("DROP TABLE postings")
    server_library = PgLibrary(pg_url, server_library.embedder, server_library.classifier)  # opened as it is now
    assert [(h.id, round(h.score, 4)) for h in server_library.search(query, 5, mode="bm25")] == before
    assert server_library.ingest([TEST_DATA / "case_front_matter.md"]).added == ["billing-cutover-test"]
    with connect(pg_url) as con:
        assert con.execute("SELECT COUNT(DISTINCT pid) FROM postings").fetchone()[0] == server_library.stats().passages
    assert check(server_library) == []


def test_roles_reach_the_accounts_and_corrections_schemas_as_granted(pg_server, pg_url):
    from features.accounts.records import Meeting
    from features.accounts.store import AccountStore
    from features.corrections import add_correction, stored_corrections

    owner = AccountStore.beside(pg_url)  # the owner's first opening creates the schemas
    owner.add_meeting(Meeting("m-0", "acc", "2026-01-01", "t", "now"), "text", [], [])
    add_correction(pg_url, "a first line", "none", "explicit", "en")
    database = pg_url.rsplit("/", 1)[1]
    grants = ["GRANT USAGE ON SCHEMA accounts, corrections TO {role}",
              "GRANT SELECT ON ALL TABLES IN SCHEMA accounts, corrections TO {role}"]
    reader = _role(pg_server, database, f"rep_{database}", grants)
    writer = _role(pg_server, database, f"mgr_{database}", grants + [
        "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA accounts, corrections TO {role}",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA corrections TO {role}"])
    assert [a[0] for a in AccountStore.beside(reader).accounts()] == ["acc"]
    assert len(stored_corrections(reader)) == 1
    with pytest.raises(LibraryError, match="may not do that; nothing was changed") as err:
        AccountStore.beside(reader).set_status("acc", "need-1", "answered")
    assert SECRET not in str(err.value)
    assert AccountStore.beside(writer).add_meeting(Meeting("m-1", "acc", "2026-01-02", "t", "now"), "text", [], [])
    assert add_correction(writer, "a second line", "personal", "none", "en") == 2
    assert [m.id for m in owner.meetings("acc")] == ["m-0", "m-1"]


def test_a_read_connection_searches_hnsw_at_the_session_depth(server_library):
    """The read connection sets hnsw.ef_search once per session (no SET per search), and it holds after vector use."""
    from index.pg.retrieval import SESSION_EF_SEARCH

    server_library.search("roaming minister", 10)
    with server_library.reading():
        shown = server_library.connection().execute("SHOW hnsw.ef_search").fetchone()[0]
    assert int(shown) == SESSION_EF_SEARCH

"""The archive, on SQLite always and on a real PostgreSQL server where one can be started."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

import kkpham_rules
from kkpham_rules.archive import Archive, database_url
from kkpham_rules.archive.database import VERSION_TABLE, current_revision, head_revision
from kkpham_rules.archive.schema import Base
from kkpham_rules.audit import load_record, make_record
from kkpham_rules.errors import ArchiveError, InputError
from kkpham_rules.loader import load_regulation_text
from kkpham_rules.registry import Registry, default_registry
from kkpham_rules.signing import new_key, sign_record

from .conftest import ROOT
from .test_cli import in_process

GOLDEN = sorted((Path(__file__).parent / "golden" / "records").glob("*.json"))
KOTA = next(path for path in GOLDEN if path.name == "example--kota-contoh-2022.json")
REGULATIONS = ROOT / "regulations"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database on each backend (PostgreSQL as users write it)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    url: str = server.new_database()
    return url


@pytest.fixture
def archive(database: str) -> Iterator[Archive]:
    with Archive(database) as opened:
        yield opened


@pytest.fixture
def engine(database: str) -> Iterator[Engine]:
    """A plain engine on the same database, to look at and change it behind the archive."""
    made = create_engine(database_url(database))
    yield made
    made.dispose()


def tampered(raw: bytes) -> bytes:
    edited = raw.replace(b'"total_score": "81.22"', b'"total_score": "91.22"', 1)
    assert edited != raw
    return edited


# --- adding ----------------------------------------------------------------------------------


def test_adding_stores_the_bytes_and_the_indexed_fields(archive: Archive) -> None:
    [outcome] = archive.add_all([KOTA])
    assert (outcome.status, outcome.source, outcome.causes) == ("added", str(KOTA), [])
    assert outcome.record is not None
    stored = outcome.record
    assert (stored.region_code, stored.assessment_year) == ("72.71", 2022)
    assert (stored.regulation_id, stored.regulation_revision) == ("permenkumham-22-2021", 2)
    assert (stored.total_score, stored.category) == ("81.22", "peduli-ham")
    assert stored.signature_key_id is None
    assert archive.raw(stored.digest) == KOTA.read_bytes()
    assert [check.name for check in outcome.checks] == ["digest", "signature", "input_hash"]


def test_adding_the_same_record_twice_keeps_one_row(archive: Archive) -> None:
    assert archive.add(KOTA.read_bytes()).status == "added"
    again = archive.add(KOTA)
    assert again.status == "already_archived"
    assert again.record is not None
    assert again.record.digest == load_record(KOTA).digest
    assert len(archive.records()) == 1
    batch = archive.add_all([KOTA, GOLDEN[0], GOLDEN[0]])
    assert [o.status for o in batch] == ["already_archived", "added", "already_archived"]
    assert len(archive.records()) == 2


def test_a_tampered_record_is_refused_with_the_cause_verify_names(archive: Archive) -> None:
    bad = tampered(KOTA.read_bytes())
    outcome = archive.add(bad)
    assert outcome.status == "refused"
    assert outcome.causes == ["record_altered"]  # as kkpham verify names it
    assert kkpham_rules.verify(bad).causes[0] == "record_altered"
    assert archive.records() == []


def test_a_batch_with_a_refused_record_adds_nothing(archive: Archive) -> None:
    outcomes = archive.add_all([GOLDEN[0], tampered(KOTA.read_bytes()), b"{}", GOLDEN[1]])
    assert [o.status for o in outcomes] == ["not_added", "refused", "refused", "not_added"]
    assert outcomes[2].causes == ["invalid_record"]
    assert {p.pointer for p in outcomes[2].problems} >= {"/digest", "/evaluation"}
    assert archive.records() == []


def test_unwritable_text_and_deep_nesting_are_refused_per_record(archive: Archive) -> None:
    surrogate = json.loads(KOTA.read_text(encoding="utf-8"))
    surrogate["submission"]["region"]["name"] = "Kota \ud800 Contoh"
    deep = json.loads(KOTA.read_text(encoding="utf-8"))
    deep["submission"]["indicators"] = {"x": json.loads("[" * 300 + "1" + "]" * 300)}
    # NUL: SQLite would keep it and PostgreSQL refuse the whole batch; refused alike on both
    nul = json.loads(KOTA.read_text(encoding="utf-8"))
    nul["evaluation"]["region"]["name"] = "Kota \x00 Contoh"
    offered = [json.dumps(data).encode("ascii") for data in (surrogate, deep, nul)]
    outcomes = archive.add_all([offered[0], GOLDEN[0], offered[1], offered[2]])
    assert [o.status for o in outcomes] == ["refused", "not_added", "refused", "refused"]
    assert [o.problems[0].code for o in (outcomes[0], outcomes[2], outcomes[3])] == [
        "lone_surrogate",
        "too_deep",
        "nul_character",
    ]
    assert outcomes[0].problems[0].pointer == "/submission/region/name"
    assert outcomes[3].problems[0].pointer == "/evaluation/region/name"
    assert archive.records() == []


def test_processes_making_one_new_sqlite_archive_queue_for_it(tmp_path: Path) -> None:
    # each opening of a new file runs the migration: they must queue, not fail "locked"
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"

    def open_and_add(_: int) -> str:
        with Archive(url) as opened:
            return opened.add(KOTA).status

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(open_and_add, range(6)))
    assert statuses == ["added"] + ["already_archived"] * 5


def test_an_unreadable_file_is_refused_with_its_problem(archive: Archive, tmp_path: Path) -> None:
    outcome = archive.add(tmp_path / "missing.json")
    assert (outcome.status, outcome.causes) == ("refused", ["invalid_record"])
    assert outcome.problems[0].code == "unreadable_file"


def test_with_trusted_keys_only_signed_records_are_admitted(archive: Archive) -> None:
    key = new_key()
    signed = sign_record(load_record(KOTA), key).to_json().encode()
    refused = archive.add(GOLDEN[0], trusted=[key.public_key])
    assert (refused.status, refused.causes) == ("refused", ["unsigned"])
    added = archive.add(signed, trusted=[key.public_key])
    assert added.status == "added"
    assert added.record is not None
    assert added.record.signature_key_id == key.public_key.key_id
    # the same record unsigned has the same digest: it is the record already archived
    assert archive.add(KOTA).status == "already_archived"


def test_a_signed_copy_of_a_record_archived_unsigned_is_kept(archive: Archive) -> None:
    key = new_key()
    signed = sign_record(load_record(KOTA), key).to_json().encode()
    assert archive.add(KOTA).status == "added"
    upgraded = archive.add(signed, trusted=[key.public_key])
    assert upgraded.status == "signature_added"
    assert upgraded.record is not None
    assert upgraded.record.signature_key_id == key.public_key.key_id
    assert archive.raw(load_record(KOTA).digest) == signed  # the signed bytes, as written
    [checked] = archive.verify_all(trusted=[key.public_key])
    assert (checked.status, checked.signature) == ("reproduced", "valid")
    # the unsigned copy again changes nothing: the archive keeps the better one
    assert archive.add(KOTA).status == "already_archived"
    assert archive.raw(load_record(KOTA).digest) == signed


def test_a_copy_signed_by_another_key_is_refused_by_name(archive: Archive) -> None:
    first, second = new_key(), new_key()
    digest = load_record(KOTA).digest
    by_first = sign_record(load_record(KOTA), first).to_json().encode()
    by_second = sign_record(load_record(KOTA), second).to_json().encode()
    assert archive.add(by_first).status == "added"
    refused = archive.add_all([by_second, GOLDEN[0]])
    assert [o.status for o in refused] == ["refused", "not_added"]
    assert refused[0].causes == ["other_signature_archived"]
    assert archive.raw(digest) == by_first
    assert len(archive.records()) == 1
    # with trusted keys, a trusted signer's copy takes the place of an untrusted one's
    upgraded = archive.add(by_second, trusted=[second.public_key])
    assert upgraded.status == "signature_added"
    assert archive.raw(digest) == by_second
    # but never the other way round
    assert archive.add(by_first).causes == ["other_signature_archived"]
    assert archive.raw(digest) == by_second


def test_adding_from_many_threads_stores_a_record_once(archive: Archive) -> None:
    raw = KOTA.read_bytes()
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda _: archive.add(raw), range(8)))
    assert sorted(outcome.status for outcome in outcomes) == ["added"] + ["already_archived"] * 7
    assert len(archive.records()) == 1


# --- history ---------------------------------------------------------------------------------


def with_revision_ten() -> Registry:
    """The installed regulations and a revision 10 of 22/2021 (installed nowhere else)."""
    text = (REGULATIONS / "kkpham_permenkumham_22_2021" / "revisions" / "2.yaml").read_bytes()
    newer = load_regulation_text(text.replace(b"revision: 2\n", b"revision: 10\n"), "tests")
    return Registry.from_regulations([*default_registry().revisions, newer])


def palu_records(registry: Registry) -> dict[str, bytes]:
    """Three records of one region: 2019 under 34/2016, 2022 under 22/2021 revisions 2 and 10."""
    kota = load_record(KOTA).submission
    older = json.loads((ROOT / "examples" / "kabupaten-contoh-2019.json").read_text())
    older["region"] = kota["region"]
    made = {}
    for name, submission, regulation in (
        ("2019", older, None),
        ("2022@2", kota, registry.get("22/2021", 2)),
        ("2022@10", kota, registry.get("22/2021", 10)),
    ):
        evaluation = kkpham_rules.evaluate(submission, regulation, registry=registry)
        made[name] = make_record(submission, evaluation).to_json().encode()
    return made


def test_history_orders_years_and_revisions_as_numbers(archive: Archive) -> None:
    registry = with_revision_ten()
    records = palu_records(registry)
    for name in ("2022@10", "2019", "2022@2"):  # added out of order, one at a time
        assert archive.add(records[name]).status == "added"  # revision 10: not installed, kept
    entries = archive.history("72.71", registry=registry)
    order = [(e.assessment_year, e.regulation_id, e.regulation_revision) for e in entries]
    assert order == [
        (2019, "permenkumham-34-2016", 2),
        (2022, "permenkumham-22-2021", 2),
        (2022, "permenkumham-22-2021", 10),  # "10" < "2" as text: numbers here
    ]
    assert [e.status for e in entries] == ["reproduced"] * 3
    assert entries[0].category_label_id
    assert entries[0].regulation_short_name == "34/2016"
    dumped = json.loads(json.dumps([e.model_dump(mode="json") for e in entries]))
    assert all(isinstance(e["assessment_year"], int) for e in dumped)
    assert all(isinstance(e["total_score"], str) for e in dumped)  # exact decimals, as text
    here = archive.history("72.71")  # revision 10 is not installed with the package
    assert [e.causes for e in here] == [[], [], ["regulation_missing"]]
    assert archive.history("11.01") == []


def under_regulation_id(raw: bytes, regulation_id: str) -> bytes:
    """Return the record ``raw`` as if made under ``regulation_id`` (digest made to match)."""
    from kkpham_rules.audit import _digest

    data = json.loads(raw)
    data["regulation"]["id"] = data["evaluation"]["regulation"]["id"] = regulation_id
    data["digest"] = _digest(data)
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def test_history_orders_regulation_ids_by_their_numbers(archive: Archive) -> None:
    raw = KOTA.read_bytes()
    for regulation_id in ("permenkumham-10-2030", "permenkumham-9-2030", "permenkumham-9-2029"):
        assert archive.add(under_regulation_id(raw, regulation_id)).status == "added"
    entries = archive.history("72.71")
    assert [e.regulation_id for e in entries] == [
        "permenkumham-9-2029",
        "permenkumham-9-2030",
        "permenkumham-10-2030",  # "10" < "9" as text
    ]
    assert {tuple(e.causes) for e in entries} == {("regulation_missing",)}


def test_history_wants_a_region_code(archive: Archive) -> None:
    with pytest.raises(InputError) as caught:
        archive.history("7271")
    assert caught.value.problems[0].pointer == "/region/code"


# --- verifying the stored rows again ------------------------------------------------------


def test_verify_all_after_the_stored_bytes_are_changed_in_the_database(
    archive: Archive, engine: Engine
) -> None:
    archive.add_all(GOLDEN)
    digest = load_record(KOTA).digest
    with engine.begin() as connection:
        raw = connection.execute(
            text("SELECT raw FROM kkpham_audit_records WHERE digest = :d"), {"d": digest}
        ).scalar_one()
        connection.execute(
            text("UPDATE kkpham_audit_records SET raw = :raw WHERE digest = :d"),
            {"raw": tampered(bytes(raw)), "d": digest},
        )
    checked = {item.record.digest: item for item in archive.verify_all()}
    failed = checked.pop(digest)
    assert (failed.status, failed.causes[0]) == ("not_reproduced", "record_altered")
    assert "result_differs" in failed.causes
    assert failed.altered_columns == ["total_score"]  # the column still says 81.22
    assert {item.status for item in checked.values()} == {"reproduced"}


def test_verify_all_after_a_column_is_changed_in_the_database(
    archive: Archive, engine: Engine
) -> None:
    archive.add(KOTA)
    with engine.begin() as connection:
        connection.execute(text("UPDATE kkpham_audit_records SET total_score = '99.00'"))
    [checked] = archive.verify_all()
    assert (checked.status, checked.causes) == ("not_reproduced", ["index_altered"])
    assert checked.altered_columns == ["total_score"]
    assert checked.verification is not None
    assert checked.verification.reproduced


@pytest.mark.parametrize(
    ("damage", "cause", "column"),
    [
        ("assessment_year = 'abc'", "index_altered", "assessment_year"),
        ("added_at = 'garbage'", "index_altered", "added_at"),
        ("regulation_revision = 2.5", "index_altered", "regulation_revision"),
        ("raw = CAST('not json' AS TEXT)", "invalid_record", None),
    ],
)
def test_one_damaged_row_is_reported_and_the_others_read_on(
    damage: str, cause: str, column: str | None, tmp_path: Path
) -> None:
    # SQLite keeps a value of any type in any column; PostgreSQL refuses one at the UPDATE
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    digest = load_record(KOTA).digest
    with Archive(url) as archive:
        archive.add_all([KOTA, GOLDEN[0]])
    engine = create_engine(url)
    with engine.begin() as connection:
        update = f"UPDATE kkpham_audit_records SET {damage} WHERE digest = :d"  # noqa: S608
        connection.execute(text(update), {"d": digest})
    engine.dispose()
    with Archive(url, create=False) as archive:
        checked = {item.record.digest: item for item in archive.verify_all()}
        assert checked.pop(digest).causes[-1:] == [cause]
        assert [item.status for item in checked.values()] == ["reproduced"]
        [entry] = archive.history("72.71")
        assert (entry.status, entry.causes[-1], entry.assessment_year) == (
            "not_reproduced",
            cause,
            2022,  # the record's own year where the column no longer holds one
        )
        assert len(archive.records()) == 2
        assert len(archive.export(tmp_path / "out")) == 2
    if column is not None:
        with Archive(url, create=False) as archive:
            damaged = next(c for c in archive.verify_all() if c.record.digest == digest)
        assert damaged.altered_columns == [column]


def test_verify_all_chooses_by_year_and_regulation(archive: Archive) -> None:
    archive.add_all(GOLDEN)
    assert len(archive.verify_all()) == len(GOLDEN)
    assert {c.record.assessment_year for c in archive.verify_all(year=2020)} == {2020}
    chosen = archive.verify_all(regulation="permenkumham-22-2021")
    assert {c.record.regulation_id for c in chosen} == {"permenkumham-22-2021"}
    assert archive.verify_all(year=1999) == []


def test_bytes_that_are_no_longer_a_record_fail_verification(
    archive: Archive, engine: Engine
) -> None:
    archive.add(KOTA)
    with engine.begin() as connection:
        connection.execute(text("UPDATE kkpham_audit_records SET raw = :raw"), {"raw": b"{"})
    [checked] = archive.verify_all()
    assert (checked.status, checked.causes, checked.verification) == (
        "not_reproduced",
        ["invalid_record"],
        None,
    )
    assert checked.problems[0].code == "not_json"


# --- export ----------------------------------------------------------------------------------


def test_export_then_add_elsewhere_gives_the_same_bytes(archive: Archive, tmp_path: Path) -> None:
    key = new_key()
    signed = sign_record(load_record(GOLDEN[0]), key).to_json().encode()
    archive.add_all([signed, *GOLDEN[1:]])
    first = archive.export(tmp_path / "first")
    assert len(first) == len(GOLDEN)
    with Archive(f"sqlite:///{tmp_path / 'second.sqlite3'}") as second:
        assert {o.status for o in second.add_all(first)} == {"added"}
        again = second.export(tmp_path / "again")
    assert [p.name for p in first] == [p.name for p in again]
    for one, other in zip(first, again, strict=True):
        assert one.read_bytes() == other.read_bytes()
    originals = {path.read_bytes() for path in GOLDEN[1:]} | {signed}
    assert {path.read_bytes() for path in first} == originals


# --- the schema and its migrations -----------------------------------------------------------


def test_opening_migrates_an_empty_database_and_then_changes_nothing(
    database: str, engine: Engine
) -> None:
    assert current_revision(engine) is None
    with Archive(database) as archive:
        archive.add(KOTA)
    assert current_revision(engine) == head_revision() == "0001"
    assert set(inspect(engine).get_table_names()) == {"kkpham_audit_records", VERSION_TABLE}
    with Archive(database) as again:  # at head: the migration is a no-op
        assert len(again.records()) == 1
    with engine.connect() as connection:
        # the table name is the archive's own constant, not input
        query = text(f"SELECT version_num FROM {VERSION_TABLE}")  # noqa: S608
        versions = connection.execute(query).all()
    assert [row[0] for row in versions] == ["0001"]


def test_the_migrations_build_what_the_models_declare(archive: Archive, engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, Base.metadata) == []


def test_the_migrations_ship_in_the_wheel() -> None:
    from hatchling.builders.wheel import WheelBuilder

    shipped = {f.distribution_path for f in WheelBuilder(str(ROOT)).recurse_included_files()}
    for name in ("env.py", "script.py.mako", "versions/v0001_initial.py"):
        assert f"kkpham_rules/archive/migrations/{name}" in shipped


# --- where the archive is -------------------------------------------------------------------


def test_database_urls() -> None:
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgres://h/db") == "postgresql+psycopg://h/db"
    assert database_url("sqlite:////srv/a.sqlite3") == "sqlite:////srv/a.sqlite3"
    assert database_url("arsip/a.sqlite3") == "sqlite:///arsip/a.sqlite3"
    assert database_url(None, {"KKPHAM_DATABASE_URL": "x.sqlite3"}) == "sqlite:///x.sqlite3"
    assert database_url(None, {}) == "sqlite:///kkpham-archive.sqlite3"
    assert database_url("other.sqlite3", {"KKPHAM_DATABASE_URL": "x"}) == "sqlite:///other.sqlite3"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("nonsense://", "bad_database_url"),
        ("mysql://someone:secret@127.0.0.1/db", "bad_database_url"),  # no driver installed
        ("postgresql://someone:secret@127.0.0.1:1/db", "database_unreachable"),
        ("sqlite:////no/such/folder/a.sqlite3", "database_unreachable"),
    ],
)
def test_a_database_that_cannot_be_opened_is_an_error_without_its_password(
    url: str, code: str
) -> None:
    with pytest.raises(ArchiveError) as caught:
        Archive(url)
    [problem] = caught.value.problems
    assert problem.code == code
    assert "secret" not in json.dumps(caught.value.to_dict())


def test_a_read_only_archive_file_can_still_be_verified(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Archive(str(path)) as archive:
        archive.add(KOTA)
    # only a transaction that writes takes SQLite's write lock when it begins
    with Archive(f"sqlite:///file:{path}?mode=ro&uri=true", create=False) as read_only:
        assert [checked.status for checked in read_only.verify_all()] == ["reproduced"]
        with pytest.raises(ArchiveError) as caught:
            read_only.add(GOLDEN[0])
    assert caught.value.problems[0].code == "database_unreachable"


def test_reading_never_makes_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    with pytest.raises(ArchiveError) as caught:
        Archive(f"sqlite:///{path}", create=False)
    assert caught.value.problems[0].code == "no_archive"
    assert not path.exists()


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("sqlite://", "archive_in_memory"),
        ("sqlite:///", "archive_in_memory"),
        (":memory:", "archive_in_memory"),
        ("sqlite:///:memory:", "archive_in_memory"),
        ("sqlite:///file:a.sqlite3?mode=memory&uri=true", "archive_in_memory"),
        ("file:a.sqlite3", "file_uri_without_uri"),
        ("sqlite:///file:a.sqlite3", "file_uri_without_uri"),
    ],
)
def test_an_address_that_keeps_nothing_is_refused(
    address: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for create in (True, False):
        with pytest.raises(ArchiveError) as caught:
            Archive(address, create=create)
        [problem] = caught.value.problems
        assert problem.code == code
    assert list(tmp_path.iterdir()) == []  # no file made, under any name


def test_a_sqlite_uri_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArchiveError) as caught:  # reading: the file must be there
        Archive("sqlite:///file:a.sqlite3?uri=true", create=False)
    assert caught.value.problems[0].code == "no_archive"
    assert list(tmp_path.iterdir()) == []
    with Archive("sqlite:///file:a.sqlite3?uri=true") as archive:
        archive.add(KOTA)
        assert archive.location == "sqlite:///file:a.sqlite3?uri=true"  # as written
    with Archive("a.sqlite3", create=False) as archive:
        assert len(archive.records()) == 1


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(GOLDEN), min_size=1, max_size=6))
def test_any_order_of_adds_keeps_each_record_once_as_written(paths: list[Path]) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Archive(f"sqlite:///{folder}/a.sqlite3") as archive,
    ):
        statuses = [archive.add(path).status for path in paths]
        firsts = [paths.index(path) == index for index, path in enumerate(paths)]
        assert statuses == ["added" if first else "already_archived" for first in firsts]
        stored = archive.records()
        assert len(stored) == len(set(paths))
        assert {archive.raw(r.digest) for r in stored} == {p.read_bytes() for p in paths}


# --- the command line ------------------------------------------------------------------------


def archive_run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    """Run ``kkpham archive ...`` in this process; return the status, parsed JSON out, and err."""
    status, out, err = in_process(["archive", *argv], capsys)
    return status, json.loads(out) if out.startswith(("{", "[")) else out, err


def test_archive_commands_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the default archive is a file in the current folder
    monkeypatch.delenv("KKPHAM_DATABASE_URL", raising=False)
    status, said, _ = archive_run(capsys, "add", str(GOLDEN[0].parent), "--json")
    assert status == 0
    assert (said["added"], said["refused"], said["archive"]) == (
        len(GOLDEN),
        0,
        "sqlite:///kkpham-archive.sqlite3",
    )
    assert (tmp_path / "kkpham-archive.sqlite3").exists()
    status, said, _ = archive_run(capsys, "add", str(KOTA), "--lang", "en")
    assert status == 0
    assert said.startswith(f"{KOTA}: already archived: Kota Contoh (data ilustrasi) (72.71)")
    bad = tmp_path / "bad.json"
    bad.write_bytes(tampered(KOTA.read_bytes()))
    status, said, _ = archive_run(capsys, "add", str(bad), str(GOLDEN[0]))
    assert status == 1
    assert f"{bad}: DITOLAK\n  penyebab: catatan diubah\n" in said
    assert "tidak ada yang ditambahkan" in said
    status, said, _ = archive_run(capsys, "add", str(tmp_path / "missing.json"), "--json")
    assert (status, said["refused"]) == (2, 1)
    status, said, _ = archive_run(capsys, "verify", "--json")
    assert (status, said["reproduced"], said["not_reproduced"]) == (0, len(GOLDEN), 0)
    status, said, _ = archive_run(capsys, "verify", "--regulation", "22/2021")
    assert status == 0
    assert said.splitlines()[-1] == "3 catatan: 3 dapat diulang, 0 TIDAK"
    status, _, err = archive_run(capsys, "verify", "--year", "1999")
    assert status == 2
    assert "arsip tidak berisi catatan yang dipilih (tertulis: --year 1999)" in err
    status, said, _ = archive_run(capsys, "history", "72.71", "--json")
    assert status == 0
    [entry] = said["entries"]
    assert (entry["total_score"], entry["status"]) == ("81.22", "reproduced")
    status, said, _ = archive_run(capsys, "history", "72.71")
    assert said.splitlines()[1] == (
        "  tahun data 2022  22/2021 revisi 2  nilai 81.22  Peduli HAM  dapat diulang: hasilnya sama"
    )
    status, said, _ = archive_run(capsys, "export", "--out", "out", "--json")
    assert (status, said["records"]) == (0, len(GOLDEN))
    monkeypatch.setenv("KKPHAM_DATABASE_URL", str(tmp_path / "second.sqlite3"))
    status, said, _ = archive_run(capsys, "add", "out", "--json")
    assert (status, said["added"]) == (0, len(GOLDEN))


def test_archive_verify_fails_on_a_changed_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    assert archive_run(capsys, "add", str(KOTA), "--database", url)[0] == 0
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE kkpham_audit_records SET category = 'x'"))
    engine.dispose()
    status, said, _ = archive_run(capsys, "verify", "--database", url, "--lang", "en")
    assert status == 1
    assert "  cause: archive columns altered\n" in said
    assert "archive columns that disagree with the record: category" in said
    assert said.splitlines()[-1] == "1 record(s): 0 reproduced, 1 not reproduced"


def test_reading_commands_need_an_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    for argv in (["verify"], ["history", "72.71"], ["export", "--out", str(tmp_path / "o")]):
        status, _, err = archive_run(capsys, *argv, "--database", str(missing), "--json")
        assert status == 2
        assert json.loads(err)["problems"][0]["code"] == "no_archive"
    assert not missing.exists()
    assert not (tmp_path / "o").exists()


def test_archive_verify_with_trusted_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kkpham_rules.signing import write_key_pair

    key = new_key()
    write_key_pair(key, tmp_path / "issuer")
    signed = tmp_path / "signed.json"
    signed.write_text(sign_record(load_record(GOLDEN[0]), key).to_json(), encoding="utf-8")
    url = str(tmp_path / "a.sqlite3")
    assert archive_run(capsys, "add", str(signed), str(KOTA), "--database", url)[0] == 0
    trusted = str(tmp_path / "issuer.pub")
    status, said, _ = archive_run(
        capsys, "verify", "--database", url, "--trusted", trusted, "--json"
    )
    assert status == 1
    by_digest = {item["record"]["digest"]: item for item in said["records"]}
    assert by_digest[load_record(KOTA).digest]["causes"] == ["unsigned"]
    assert by_digest[load_record(signed).digest]["signature"] == "valid"


def test_export_never_overwrites_and_exports_again_harmlessly(
    archive: Archive, tmp_path: Path
) -> None:
    archive.add_all([KOTA, GOLDEN[0]])
    out = tmp_path / "out"
    first = archive.export(out)
    assert archive.export(out) == first  # the same bytes there: nothing to do
    first[0].write_bytes(b"someone else's file")
    with pytest.raises(InputError) as caught:
        archive.export(out)
    assert [(p.code, p.received) for p in caught.value.problems] == [
        ("export_file_exists", str(first[0]))
    ]
    assert first[0].read_bytes() == b"someone else's file"


def test_choosing_nothing_is_an_error_and_makes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "a.sqlite3")
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = archive_run(capsys, "add", str(empty), "--database", url, "--json")
    assert (status, json.loads(err)["problems"][0]["code"]) == (2, "no_record_files")
    assert not Path(url).exists()  # no archive made for nothing to add
    assert archive_run(capsys, "add", str(KOTA), "--database", url)[0] == 0
    for year in ("1999", "99999999999999999999", "-99999999999999999999"):
        for command in (["verify"], ["export", "--out", str(tmp_path / "out")]):
            status, _, err = archive_run(
                capsys, *command, "--year", year, "--database", url, "--json"
            )
            assert (status, json.loads(err)["problems"][0]["code"]) == (2, "no_records")
    assert not (tmp_path / "out").exists()


def test_a_database_error_is_worded_for_people_with_the_database_words_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "not-a-database.sqlite3"
    broken.write_bytes(b"this is not SQLite" * 100)
    status, _, err = archive_run(capsys, "verify", "--database", str(broken))
    assert status == 2
    assert "basis data arsip tidak dapat dibuka" in err
    # the driver's English is quoted as the database's own words, not mixed into the sentence
    assert 'kata-kata basis data itu sendiri, dalam bahasa Inggris: "file is not a database"' in err
    assert f"sqlite:///{broken}" in err

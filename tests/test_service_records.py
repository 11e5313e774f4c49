"""Audit records over HTTP: POST /evaluate/record, the archive routes, /verify with trusted keys."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from kkpham_rules.audit import load_record, make_record, verify
from kkpham_rules.engine import evaluate
from kkpham_rules.signing import new_key, sign_record, write_key_pair
from kkpham_rules.submission import parse_submission

from .service_support import EXAMPLE, codes, problem_of, service
from .test_cli import in_process

GOLDEN = sorted((Path(__file__).parent / "golden" / "records").glob("*.json"))
KOTA = next(path for path in GOLDEN if path.name == "example--kota-contoh-2022.json")
KEY = "a-key-for-the-tests"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    url: str = request.getfixturevalue("postgres_server").new_database()
    return url


def test_a_record_is_the_one_kkpham_evaluate_record_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "record.json"
    assert in_process(["evaluate", str(EXAMPLE), "--record", str(out)], capsys)[0] == 0
    with service() as client:
        answer = client.post("/evaluate/record", content=EXAMPLE.read_bytes())
    assert answer.status_code == 200, answer.text
    assert answer.content == out.read_bytes()
    submission = parse_submission(json.loads(EXAMPLE.read_text()))
    assert answer.text == make_record(submission, evaluate(submission)).to_json()
    assert verify(answer.content).reproduced


def test_a_server_with_a_key_signs_the_records_it_makes(tmp_path: Path) -> None:
    key = new_key()
    private, _public = write_key_pair(key, tmp_path / "server")
    with service(signing_key=private) as client:
        answer = client.post("/evaluate/record", content=EXAMPLE.read_bytes())
    assert answer.status_code == 200, answer.text
    checked = verify(answer.content, trusted=[key.public_key])
    assert (checked.reproduced, checked.signature) == (True, "valid")


def test_a_record_of_bad_input_is_refused_like_an_evaluation() -> None:
    with service() as client:
        unreadable = client.post("/evaluate/record", content=b"{not json")
        wrong = client.post("/evaluate/record", content=b'{"region": 1}')
    assert codes(problem_of(unreadable, 400)) == ["not_json"]
    assert problem_of(wrong, 422)["problems"]


def test_without_a_database_there_is_no_archive_and_it_says_how_to_get_one() -> None:
    with service(api_keys=[KEY]) as client:
        history = client.get("/archive/regions/72.71", headers={"Accept-Language": "en"})
        added = client.post("/archive", content=KOTA.read_bytes(), headers=AUTH)
    body = problem_of(history, 404)
    assert codes(body) == ["no_archive_configured"]
    assert "--database" in body["problems"][0]["localized_message"]
    assert codes(problem_of(added, 404)) == ["no_archive_configured"]


def test_writing_needs_a_configured_key_and_the_right_one(database: str) -> None:
    with service(database=database) as client:
        no_keys = client.post("/archive", content=KOTA.read_bytes(), headers=AUTH)
    with service(database=database, api_keys=[KEY]) as client:
        missing = client.post("/archive", content=KOTA.read_bytes())
        wrong = client.post(
            "/archive", content=KOTA.read_bytes(), headers={"Authorization": "Bearer nope"}
        )
        listed = client.get("/archive/regions/72.71")
    assert codes(problem_of(no_keys, 403)) == ["no_api_keys"]
    assert problem_of(missing, 401)["problems"]
    assert problem_of(wrong, 401)["problems"]
    nothing = {"region_code": "72.71", "entries": []}
    assert (listed.status_code, listed.json()) == (200, nothing)  # nothing was written


def test_adding_then_reading_a_region_history(database: str) -> None:
    with service(database=database, api_keys=[KEY]) as client:
        first = client.post("/archive", content=KOTA.read_bytes(), headers=AUTH)
        again = client.post("/archive", content=KOTA.read_bytes(), headers=AUTH)
        code = load_record(KOTA).submission["region"]["code"]
        history = client.get(f"/archive/regions/{code}")
    assert (first.status_code, first.json()["status"]) == (201, "added")
    assert (again.status_code, again.json()["status"]) == (200, "already_archived")
    assert first.json()["digest"] == load_record(KOTA).digest
    assert history.status_code == 200
    assert history.json()["region_code"] == code
    entries = history.json()["entries"]
    assert [(e["digest"], e["status"]) for e in entries] == [
        (load_record(KOTA).digest, "reproduced")
    ]
    assert entries[0]["total_score"] == str(load_record(KOTA).evaluation.total_score)


def test_a_tampered_record_is_refused_with_the_cause_verify_names(database: str) -> None:
    raw = KOTA.read_bytes()
    bad = raw.replace(b'"total_score": "81.22"', b'"total_score": "91.22"', 1)
    assert bad != raw
    assert "record_altered" in verify(bad).causes
    with service(database=database, api_keys=[KEY]) as client:
        refused = client.post("/archive", content=bad, headers={**AUTH, "Accept-Language": "id"})
        unreadable = client.post("/archive", content=b"[]", headers=AUTH)
        code = load_record(KOTA).submission["region"]["code"]
        history = client.get(f"/archive/regions/{code}")
    body = problem_of(refused, 422)
    assert codes(body) == ["refused_record_altered"]
    assert body["problems"][0]["received"] == "record_altered"
    assert "digest" in body["problems"][0]["localized_message"]
    assert problem_of(unreadable, 422)["problems"]
    assert history.json()["entries"] == []


def test_a_history_is_the_bytes_kkpham_archive_history_json_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    with service(database=database, api_keys=[KEY]) as client:
        assert client.post("/archive", content=KOTA.read_bytes(), headers=AUTH).status_code == 201
        served = client.get("/archive/regions/72.71")
        empty = client.get("/archive/regions/11.01")
    monkeypatch.setenv("KKPHAM_DATABASE_URL", database)
    status, printed, _ = in_process(["archive", "history", "72.71", "--json"], capsys)
    assert status == 0
    assert served.status_code == 200, served.text
    assert served.content == printed.encode("utf-8")
    assert served.json()["region_code"] == "72.71"
    assert [entry["digest"] for entry in served.json()["entries"]] == [load_record(KOTA).digest]
    status, printed, _ = in_process(["archive", "history", "11.01", "--json"], capsys)
    assert empty.content == printed.encode("utf-8")


def test_a_refusal_says_the_archive_refused_and_gives_each_cause_its_own_check(
    tmp_path: Path,
) -> None:
    # the region's name edited: the digest and the input hash both fail, each its own way
    edited = KOTA.read_bytes().replace(b'"Kota Contoh', b'"Kota Diubah', 1)
    checks = {check.name: check.detail for check in verify(edited).checks if not check.passed}
    assert {"digest", "input_hash"} <= set(checks)
    assert checks["digest"] != checks["input_hash"]
    with service(database=f"sqlite:///{tmp_path / 'a.sqlite3'}", api_keys=[KEY]) as client:
        refused = client.post("/archive", content=edited, headers=AUTH)
        english = client.post("/archive", content=edited, headers={**AUTH, "Accept-Language": "en"})
        unreadable = client.post("/archive", content=b'{"format": 1}', headers=AUTH)
    body = problem_of(refused, 422)
    assert body["detail"] == "arsip menolak catatan ini (2 masalah)"
    assert problem_of(english, 422)["detail"] == "the archive refused the record"
    assert [(p["code"], p["message"]) for p in body["problems"]] == [
        ("refused_record_altered", checks["digest"]),
        ("refused_submission_altered", checks["input_hash"]),
    ]
    assert problem_of(unreadable, 422)["detail"].startswith("catatan audit tidak dapat dibaca")


def test_a_server_with_trusted_keys_admits_only_their_records(
    database: str, tmp_path: Path
) -> None:
    key = new_key()
    _private, public = write_key_pair(key, tmp_path / "issuer")
    signed = sign_record(load_record(KOTA), key).to_json().encode("utf-8")
    other = sign_record(load_record(KOTA), new_key()).to_json().encode("utf-8")
    with service(database=database, api_keys=[KEY], trusted_keys=[public]) as client:
        unsigned = client.post("/archive", content=KOTA.read_bytes(), headers=AUTH)
        stranger = client.post("/archive", content=other, headers=AUTH)
        admitted = client.post("/archive", content=signed, headers=AUTH)
    assert codes(problem_of(unsigned, 422)) == ["refused_unsigned"]
    assert codes(problem_of(stranger, 422)) == ["refused_unknown_key"]
    assert (admitted.status_code, admitted.json()["status"]) == (201, "added")


def test_a_history_needs_a_region_code(tmp_path: Path) -> None:
    with service(database=f"sqlite:///{tmp_path / 'a.sqlite3'}") as client:
        answer = client.get("/archive/regions/7271")
    [problem] = problem_of(answer, 422)["problems"]
    # the path parameter, as FastAPI names one (/path/<name>), not a document's /region/code
    assert (problem["code"], problem["pointer"]) == ("string_pattern_mismatch", "/path/region_code")
    assert problem["localized_message"] == (
        'kode wilayah harus berbentuk 2 digit titik 2 digit, misalnya 72.71 (tertulis: "7271")'
    )


def test_an_archive_that_cannot_be_reached_is_the_servers_fault() -> None:
    # a port nothing listens on: the scoring routes still answer, the archive says 503
    with service(database="postgresql://nobody@127.0.0.1:9/none") as client:
        scored = client.post("/evaluate", content=EXAMPLE.read_bytes())
        history = client.get("/archive/regions/72.71")
    assert scored.status_code == 200
    body = problem_of(history, 503)
    assert codes(body) == ["database_unreachable"]


def test_verify_with_trusted_keys_given_by_the_client() -> None:
    key = new_key()
    signed = sign_record(load_record(KOTA), key).to_json().encode("utf-8")
    line = quote(key.public_key.line, safe="")
    with service() as client:
        trusted = client.post(f"/verify?trusted={line}", content=signed)
        untrusted = client.post(
            f"/verify?trusted={quote(new_key().public_key.line)}", content=signed
        )
        unsigned = client.post(f"/verify?trusted={line}", content=KOTA.read_bytes())
        bad_line = client.post("/verify?trusted=ed25519%20abc&trusted=x", content=signed)
    assert (trusted.json()["status"], trusted.json()["signature"]) == ("reproduced", "valid")
    assert untrusted.json()["status"] == "not_reproduced"
    assert "unknown_key" in untrusted.json()["causes"]
    assert "unsigned" in unsigned.json()["causes"]
    body = problem_of(bad_line, 422)
    assert [p["pointer"] for p in body["problems"]] == ["/query/trusted/0", "/query/trusted/1"]


def test_a_key_given_twice_is_400_on_every_route_that_reads_json(tmp_path: Path) -> None:
    # one status for one cause: the JSON reader refuses the text before there is data
    twice = b'{"format": "kkpham-audit-record/1", "format": "x"}'
    with service(database=f"sqlite:///{tmp_path / 'a.sqlite3'}", api_keys=[KEY]) as client:
        answers = {
            "/evaluate": client.post("/evaluate", content=twice),
            "/evaluate/record": client.post("/evaluate/record", content=twice),
            "/simulate": client.post(
                "/simulate", content=twice, headers={"Content-Type": "application/json"}
            ),
            "/verify": client.post("/verify", content=twice),
            "/archive": client.post("/archive", content=twice, headers=AUTH),
        }
    for route, answer in answers.items():
        body = problem_of(answer, 400)
        assert codes(body) == ["duplicate_key"], route
        assert body["problems"][0]["received"] == '"format"', route

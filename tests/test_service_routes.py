"""Template, cohort, compare and verify over HTTP: the command line's bytes, problem+json."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from openpyxl import load_workbook

import kkpham_rules
from kkpham_rules._service.jobs import format_of
from kkpham_rules.errors import Problem
from kkpham_rules.files.reading import read_submissions
from kkpham_rules.messages import render
from kkpham_rules.policy.synth import synthetic_cohort

from .service_support import (
    EXAMPLE,
    XLSX,
    TestClient,
    codes,
    cohort_csv,
    cohort_jsonl,
    cohort_xlsx,
    problem_of,
    service,
)
from .test_cli import in_process

NEW = kkpham_rules.get_regulation("22/2021")
COHORT = synthetic_cohort(NEW, regions=40, seed=5)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with service() as made:
        yield made


def _lines(body: bytes) -> list[str]:
    return body.decode("utf-8").splitlines(keepends=True)


def _library_lines(submissions: Sequence[kkpham_rules.Submission]) -> list[str]:
    return [kkpham_rules.evaluate(s).to_json(indent=None) for s in submissions]


# --- GET /regulations/{id}/template -----------------------------------------------------


@pytest.mark.parametrize("form", ["json", "csv"])
@pytest.mark.parametrize("name", ["22/2021", "22%2F2021", "permenkumham-22-2021"])
def test_template_is_the_command_line_s(
    client: TestClient, capsys: pytest.CaptureFixture[str], form: str, name: str
) -> None:
    status, printed, _ = in_process(
        ["template", "22/2021", "--format", form, "--year", "2023"], capsys
    )
    assert status == 0
    response = client.get(f"/regulations/{name}/template", params={"format": form, "year": 2023})
    assert response.status_code == 200, response.text
    assert response.content == printed.encode("utf-8")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="templat-permenkumham-22-2021.{form}"'
    )
    assert response.headers["content-type"].startswith(
        "application/json" if form == "json" else "text/csv"
    )


def _cells(workbook: bytes | Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(workbook) if isinstance(workbook, bytes) else workbook)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize(("language", "lang"), [("en", "en"), (None, "id")])
def test_template_workbook_holds_the_command_line_s_cells(
    client: TestClient,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    language: str | None,
    lang: str,
) -> None:
    out = tmp_path / "t.xlsx"
    argv = ["template", "22/2021", "--format", "xlsx", "--year", "2023", "--out", str(out)]
    assert in_process([*argv, "--lang", lang], capsys)[0] == 0
    headers = {"Accept-Language": language} if language else {}
    response = client.get(
        "/regulations/22/2021/template", params={"format": "xlsx", "year": 2023}, headers=headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    # the same workbook, to the byte: no time of writing is stamped into it
    assert response.content == out.read_bytes()
    assert _cells(response.content) == _cells(out)
    chosen = client.get(
        "/regulations/22/2021/template", params={"format": "xlsx", "year": 2023, "lang": lang}
    )
    assert chosen.content == out.read_bytes()


def test_template_problems(client: TestClient) -> None:
    wrong = problem_of(client.get("/regulations/22/2021/template?format=pdf&year=x"), 422)
    assert {p["pointer"] for p in wrong["problems"]} == {"/query/format", "/query/year"}
    late = problem_of(client.get("/regulations/22/2021/template?year=3000"), 422)
    assert codes(late) == ["year_out_of_range"]
    assert codes(problem_of(client.get("/regulations/99/1999/template"), 404)) == [
        "regulation_not_found"
    ]
    # the generic route still answers for ids with a slash
    assert client.get("/regulations/22/2021").json()["id"] == "permenkumham-22-2021"


# --- POST /evaluate/cohort --------------------------------------------------------------


@pytest.mark.parametrize(
    ("media_type", "body"),
    [
        ("application/x-ndjson", cohort_jsonl(COHORT)),
        ("application/jsonl", cohort_jsonl(COHORT)),
        ("application/json", b"[" + b",".join(cohort_jsonl(COHORT).splitlines()) + b"]"),
        ("text/csv", cohort_csv(COHORT)),
        (XLSX, cohort_xlsx(COHORT)),
        (None, cohort_jsonl(COHORT)),  # recognised from the content
        ("application/octet-stream", cohort_csv(COHORT)),
    ],
)
def test_cohort_streams_the_library_s_evaluations_in_order(
    client: TestClient, media_type: str | None, body: bytes
) -> None:
    headers = {"Content-Type": media_type} if media_type else {}
    response = client.post("/evaluate/cohort", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    # the same input read by the library: a table names no regulation, so the year chooses it
    submissions = read_submissions(body, format=format_of(media_type))
    assert _lines(response.content) == _library_lines(submissions)
    assert len(submissions) == len(COHORT)


def test_cohort_lines_are_kkpham_evaluate_s_list(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cohort.jsonl"
    path.write_bytes(cohort_jsonl(COHORT[:5]))
    status, printed, _ = in_process(
        ["evaluate", str(path), "--json", "--regulation", "22/2021"], capsys
    )
    assert status == 0
    response = client.post("/evaluate/cohort?regulation=22/2021", content=path.read_bytes())
    assert [json.loads(line) for line in _lines(response.content)] == json.loads(printed)


def test_one_submission_is_one_line(client: TestClient) -> None:
    response = client.post("/evaluate/cohort", content=EXAMPLE.read_bytes())
    expected = kkpham_rules.evaluate(json.loads(EXAMPLE.read_bytes())).to_json(indent=None)
    assert response.text == expected


def test_every_bad_record_is_reported_before_anything_streams(client: TestClient) -> None:
    lines = cohort_jsonl(COHORT[:4]).decode().splitlines()
    lines[1] = lines[1].replace('"bantuan-hukum"', '"bantuan-hukum-x"')
    lines[3] = "{broken"
    body = problem_of(
        client.post(
            "/evaluate/cohort", content="\n".join(lines).encode(), headers={"Accept-Language": "en"}
        ),
        422,
    )
    assert body["lang"] == "en"
    # a record that cannot be read is found while reading: the 4th record, on line 4
    places = [(p["pointer"], p["location"]) for p in body["problems"]]
    assert places == [("/3", "line 4, column 2")]
    del lines[3]
    body = problem_of(client.post("/evaluate/cohort", content="\n".join(lines).encode()), 422)
    assert [(p["code"], p["pointer"]) for p in body["problems"]] == [
        ("unknown_right", "/1/dimensions/bantuan-hukum-x")
    ]
    assert body["problems"][0]["localized_message"].startswith("hak")


def test_csv_and_workbook_problems_name_their_cells(client: TestClient) -> None:
    text = cohort_csv(COHORT[:3]).decode().splitlines()
    text[2] = text[2].rsplit(",", 1)[0] + ",abc"
    text[5] = text[5].rsplit(",", 1)[0] + ",101"
    body = problem_of(
        client.post(
            "/evaluate/cohort",
            content="\n".join(text).encode(),
            headers={"Content-Type": "text/csv"},
        ),
        422,
    )
    assert [p["location"] for p in body["problems"]] == [
        "line 3, column hasil",
        "line 6, column hasil",
    ]
    # the place in the reader's language (Indonesian by default), the location kept as written
    assert [p["localized_place"] for p in body["problems"]] == [
        "baris 3, kolom hasil",
        "baris 6, kolom hasil",
    ]
    book = load_workbook(io.BytesIO(cohort_xlsx(COHORT[:2])))
    sheet = book.active
    assert sheet is not None
    sheet["G3"] = "sembilan"
    saved = io.BytesIO()
    book.save(saved)
    body = problem_of(
        client.post("/evaluate/cohort", content=saved.getvalue(), headers={"Content-Type": XLSX}),
        422,
    )
    assert [p["location"] for p in body["problems"]] == ["Dimensi!G3"]


def test_reading_warnings_come_as_headers(client: TestClient) -> None:
    table = (
        "region_code,region_name,assessment_year,right,struktur,proses,hasil\n"
        "72.71,Kabupaten Donggala,2022,kesehatan,100,90,80\n"
    )
    response = client.post(
        "/evaluate/cohort?regulation=22/2021",
        content=table.encode(),
        headers={"Content-Type": "text/csv", "Accept-Language": "en"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-kkpham-warning-count"] == "1"
    [warning] = json.loads(response.headers["x-kkpham-warnings"])
    assert warning["code"] == "region_name_differs"
    assert warning["location"] == "line 2, column region_name"
    assert "Kota Palu" in warning["localized_message"]
    assert (
        "x-kkpham-warnings"
        not in client.post("/evaluate/cohort", content=EXAMPLE.read_bytes()).headers
    )


def test_cohort_problems_of_the_whole_body(client: TestClient) -> None:
    assert codes(problem_of(client.post("/evaluate/cohort", content=b"{no"), 400)) == ["not_json"]
    assert codes(problem_of(client.post("/evaluate/cohort", content=b"[]"), 422)) == [
        "empty_cohort"
    ]
    summary = json.dumps({"format": "kkpham-simulation/1", "regions": 1}).encode()
    assert codes(problem_of(client.post("/evaluate/cohort", content=summary), 422)) == [
        "wrong_document"
    ]
    unknown = client.post("/evaluate/cohort?regulation=99/1999", content=cohort_jsonl(COHORT[:2]))
    assert codes(problem_of(unknown, 404)) == ["regulation_not_found"]


# --- POST /compare ----------------------------------------------------------------------


@pytest.mark.parametrize("regulations", [[], ["22/2021", "34/2016"], ["34/2016"]])
def test_compare_is_kkpham_compare_json(
    client: TestClient, capsys: pytest.CaptureFixture[str], regulations: list[str]
) -> None:
    options = [arg for name in regulations for arg in ("--regulation", name)]
    status, printed, _ = in_process(["compare", str(EXAMPLE), "--json", *options], capsys)
    assert status == 0
    response = client.post(
        "/compare",
        params=[("regulation", name) for name in regulations],
        content=EXAMPLE.read_bytes(),
    )
    assert response.status_code == 200, response.text
    assert response.content == printed.encode("utf-8")


def test_compare_problems(client: TestClient) -> None:
    again = client.post(
        "/compare?regulation=22/2021&regulation=permenkumham-22-2021", content=EXAMPLE.read_bytes()
    )
    [problem] = problem_of(again, 422)["problems"]
    assert (problem["code"], problem["pointer"]) == ("duplicate_regulation", "/query/regulation/1")
    unknown = client.post(
        "/compare?regulation=nope&regulation=22/2021&regulation=nada", content=EXAMPLE.read_bytes()
    )
    body = problem_of(unknown, 404)
    assert [(p["code"], p["pointer"], p["received"]) for p in body["problems"]] == [
        ("regulation_not_found", "/query/regulation/0", "nope"),
        ("regulation_not_found", "/query/regulation/2", "nada"),
    ]
    both = client.post(
        "/compare?regulation=nope&regulation=22/2021&regulation=22/2021",
        content=EXAMPLE.read_bytes(),
    )  # not only names not found: the request itself is wrong
    assert codes(problem_of(both, 422)) == ["regulation_not_found", "duplicate_regulation"]
    bad = json.loads(EXAMPLE.read_bytes())
    bad["region"]["code"] = "7271"
    assert codes(problem_of(client.post("/compare", json=bad), 422)) == ["string_pattern_mismatch"]


# --- POST /verify -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def record() -> dict[str, object]:
    submission = json.loads(EXAMPLE.read_bytes())
    made = kkpham_rules.make_record(submission, kkpham_rules.evaluate(submission))
    data: dict[str, object] = json.loads(made.to_json())
    return data


@pytest.mark.parametrize("altered", [False, True])
def test_verify_is_kkpham_verify_json_with_200_either_way(
    client: TestClient,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    record: dict[str, object],
    altered: bool,
) -> None:
    data = json.loads(json.dumps(record))
    if altered:
        data["evaluation"]["total_score"] = "99.99"
    path = tmp_path / "record.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, printed, _ = in_process(["verify", str(path), "--json"], capsys)
    assert status == (1 if altered else 0)
    response = client.post("/verify", content=path.read_bytes())
    assert response.status_code == 200, response.text
    assert response.content == printed.encode("utf-8")
    assert response.json()["status"] == ("not_reproduced" if altered else "reproduced")


def test_verify_refuses_what_is_not_a_record(client: TestClient) -> None:
    assert codes(problem_of(client.post("/verify", content=b"nope"), 400)) == ["not_json"]
    body = problem_of(client.post("/verify", content=EXAMPLE.read_bytes()), 422)
    assert body["type"].endswith(":invalid_record")
    trusted = client.post("/verify?trusted=key-1", content=EXAMPLE.read_bytes())
    problem = problem_of(trusted, 422)["problems"][0]
    assert (problem["code"], problem["pointer"]) == ("not_a_public_key", "/query/trusted/0")


# --- query parameters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "names"),
    [
        ("post", "/evaluate?regulation=34/2016&regulation=22/2021", ["regulation"]),
        ("post", "/evaluate/cohort?regulation=22/2021&regulation=22/2021", ["regulation"]),
        ("post", "/simulate?download=csv&download=xlsx", ["download"]),
        ("post", "/evaluate/record?regulation=22/2021&regulation=34/2016", ["regulation"]),
        (
            "get",
            "/regulations/22/2021/template?format=csv&year=2022&format=json&year=2023",
            ["format", "year"],
        ),
        ("get", "/labels?lang=en&lang=id", ["lang"]),
    ],
)
def test_a_parameter_that_takes_one_value_given_twice_is_refused(
    client: TestClient, method: str, path: str, names: list[str]
) -> None:
    answer = getattr(client, method)(
        path, **({"content": EXAMPLE.read_bytes()} if method == "post" else {})
    )
    body = problem_of(answer, 422)
    assert [(p["code"], p["pointer"]) for p in body["problems"]] == [
        ("repeated_field", f"/query/{name}") for name in names
    ]
    assert body["problems"][0]["localized_message"].endswith("; isi sekali saja")


def test_parameters_that_take_several_values_still_do(client: TestClient) -> None:
    answer = client.post(
        "/compare?regulation=22/2021&regulation=34/2016", content=EXAMPLE.read_bytes()
    )
    assert answer.status_code == 200, answer.text
    assert len(answer.json()[0]["outcomes"]) == 2


# --- small wordings ---------------------------------------------------------------------------


@pytest.mark.parametrize("revision", ["-1", "x", "\u00b2", ""])
def test_a_revision_that_is_not_a_positive_whole_number_is_422(
    client: TestClient, revision: str
) -> None:
    answer = client.post(f"/evaluate?regulation=22/2021@{revision}", content=EXAMPLE.read_bytes())
    body = problem_of(answer, 422)
    # a name that cannot be read, not a regulation that is not installed
    assert (body["type"], body["detail"]) == (
        "urn:kkpham-rules:problem:invalid_input",
        "nomor revisi peraturan tidak dapat dibaca",
    )
    [problem] = body["problems"]
    assert (problem["code"], problem["received"]) == ("bad_revision", revision)
    assert problem["localized_message"].startswith(
        "nomor revisi ditulis sebagai bilangan bulat positif setelah @"
    )
    later = client.post("/evaluate?regulation=22/2021@9", content=EXAMPLE.read_bytes())
    assert codes(problem_of(later, 404)) == ["revision_not_found"]


def test_an_empty_cohort_says_so_in_a_sentence(client: TestClient) -> None:
    [problem] = problem_of(client.post("/evaluate/cohort", content=b"[]"), 422)["problems"]
    assert problem["code"] == "empty_cohort"
    assert problem["message"] == render(Problem("empty_cohort", "", ""), "en")  # not "<body>"


def test_an_empty_trusted_key_is_a_value_that_is_not_a_key(client: TestClient) -> None:
    body = problem_of(client.post("/verify?trusted=&trusted=%20", content=b"{}"), 422)
    assert [(p["code"], p["pointer"], p["received"]) for p in body["problems"]] == [
        ("not_a_public_key", "/query/trusted/0", '""'),
        ("not_a_public_key", "/query/trusted/1", '" "'),
    ]
    for problem in body["problems"]:
        assert "location" not in problem  # a query value has no line of a file
        assert "berkas kunci" not in problem["localized_message"]

"""``POST /simulate``: the form contract the what-if page builds on, and kkpham simulate's bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

import kkpham_rules
from kkpham_rules.policy.simulate import simulate, write_regions_xlsx
from kkpham_rules.policy.synth import synthetic_cohort
from kkpham_rules.policy.variants import load_variant

from .service_support import (
    VARIANTS,
    XLSX,
    TestClient,
    codes,
    cohort_csv,
    cohort_jsonl,
    problem_of,
    service,
)
from .test_cli import in_process

NEW = kkpham_rules.get_regulation("22/2021")
COHORT = synthetic_cohort(NEW, regions=30, seed=7)
BOUND = VARIANTS / "bound-80.yaml"
REWEIGHT = VARIANTS / "reweight.yaml"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with service(max_regions=1000) as made:
        yield made


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder ``kkpham simulate`` wrote for COHORT under both variants."""
    folder = tmp_path_factory.mktemp("simulated")
    cohort = folder / "cohort.jsonl"
    cohort.write_bytes(cohort_jsonl(COHORT))
    from kkpham_rules.cli import main

    argv = ["simulate", str(cohort), "--regulation", "22/2021", "--no-charts", "--json"]
    argv += ["--variant", str(BOUND), "--variant", str(REWEIGHT), "--out", str(folder / "out")]
    assert main(argv) == 0
    return folder / "out"


def _files(cohort: bytes, name: str = "cohort.jsonl") -> list[tuple[str, Any]]:
    return [
        ("cohort", (name, cohort, "application/octet-stream")),
        ("variant", ("bound-80.yaml", BOUND.read_bytes(), "application/yaml")),
        ("variant", ("reweight.yaml", REWEIGHT.read_bytes(), "application/yaml")),
    ]


def test_the_summary_is_kkpham_simulate_s(client: TestClient, written: Path) -> None:
    response = client.post("/simulate", files=_files(cohort_jsonl(COHORT)))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.content == (written / "summary.json").read_bytes()


def test_the_regions_table_is_kkpham_simulate_s(client: TestClient, written: Path) -> None:
    table = client.post("/simulate?download=csv", files=_files(cohort_jsonl(COHORT)))
    assert table.status_code == 200, table.text
    assert table.headers["content-type"] == "text/csv; charset=utf-8"
    assert table.headers["content-disposition"] == 'attachment; filename="regions.csv"'
    assert table.content == (written / "regions.csv").read_bytes()
    book = client.post("/simulate?download=xlsx", files=_files(cohort_jsonl(COHORT)))
    assert book.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    rows = list(csv.reader(io.StringIO(table.text)))
    cells = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert [row[:3] for row in cells] == [row[:3] for row in rows]  # codes stay text
    assert len(cells) == 1 + 2 * len(COHORT)
    # the same workbook every time, and the one the library writes for the same simulation
    again = client.post("/simulate?download=xlsx", files=_files(cohort_jsonl(COHORT)))
    assert again.content == book.content
    variants = [load_variant(BOUND), load_variant(REWEIGHT)]
    library = io.BytesIO()
    write_regions_xlsx(simulate(COHORT, NEW, variants), library)
    assert book.content == library.getvalue()


def test_variants_as_plain_fields_and_tables_as_cohorts(client: TestClient, written: Path) -> None:
    fields = {"variant": [BOUND.read_text(), REWEIGHT.read_text()], "regulation": "22/2021"}
    cohort = {"cohort": ("daerah.csv", cohort_csv(COHORT), "application/vnd.ms-excel")}
    response = client.post("/simulate", data=fields, files=cohort)
    assert response.status_code == 200, response.text
    # the same regions read from a table score the same: the same summary
    assert response.json() == json.loads((written / "summary.json").read_bytes())


def test_a_synthetic_cohort_is_kkpham_synth_s(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cohort = tmp_path / "synth.jsonl"
    argv = ["synth", "--regulation", "22/2021", "--regions", "25", "--seed", "4"]
    assert in_process([*argv, "--out", str(cohort)], capsys)[0] == 0
    expected = client.post("/simulate", files=_files(cohort.read_bytes()))
    files = [part for part in _files(b"") if part[0] == "variant"]
    response = client.post("/simulate", data={"synthetic": "25", "seed": "4"}, files=files)
    assert response.status_code == 200, response.text
    assert response.content == expected.content
    default_seed = client.post("/simulate", data={"synthetic": "25"}, files=files).json()
    seeded = synthetic_cohort(NEW, 25, 0)
    assert [r["region_name"] for r in default_seed["base"]["regions"]] == [
        s.region.name for s in seeded
    ]


def test_json_takes_the_same_fields(client: TestClient, written: Path) -> None:
    body = {
        "variants": [yaml.safe_load(BOUND.read_text()), yaml.safe_load(REWEIGHT.read_text())],
        "cohort": [json.loads(line) for line in cohort_jsonl(COHORT).splitlines()],
    }
    response = client.post("/simulate", json=body)
    assert response.status_code == 200, response.text
    assert response.content == (written / "summary.json").read_bytes()


def test_the_base_defaults_to_the_variants_else_the_one_in_force(client: TestClient) -> None:
    files = [("variant", ("b.yaml", BOUND.read_bytes()))]
    by_variant = client.post("/simulate", data={"synthetic": "5"}, files=files).json()
    assert by_variant["base"]["regulation"] == "permenkumham-22-2021"
    alone = client.post("/simulate", files=[("cohort", ("c.jsonl", cohort_jsonl(COHORT[:4])))])
    assert alone.status_code == 200, alone.text
    assert alone.json()["variants"] == []
    assert alone.json()["base"]["regulation"] == NEW.id
    other = client.post("/simulate", data={"synthetic": "5", "regulation": "34/2016"}, files=files)
    [problem] = problem_of(other, 422)["problems"]
    assert (problem["code"], problem["pointer"]) == ("wrong_base", "/variants/0/base")
    assert problem["localized_message"].startswith(
        "varian ini dibuat untuk peraturan permenkumham-22-2021, bukan untuk peraturan dasar "
        "simulasi ini (permenkumham-34-2016)"
    )
    assert "variant" not in problem["localized_message"]  # no English inside the Indonesian


def test_every_problem_of_the_form_at_once(client: TestClient) -> None:
    fields = {"synthetic": "0", "seed": "-1", "cohorts": "x", "regulation": "22/2021"}
    body = problem_of(client.post("/simulate", data=fields, headers={"Accept-Language": "en"}), 422)
    assert [(p["code"], p["pointer"]) for p in body["problems"]] == [
        ("extra_forbidden", "/cohorts"),
        ("greater_than_equal", "/synthetic"),
        ("greater_than_equal", "/seed"),
    ]
    assert "did you mean" in body["problems"][0]["localized_message"]
    broken = b"format: kkpham-variant/1\nid: x\n"
    record = cohort_jsonl(COHORT[:2]).replace(b'"hasil": "', b'"hasil": "1', 1)
    files = [
        ("cohort", ("c.jsonl", record)),
        ("variant", ("b.yaml", BOUND.read_bytes())),
        ("variant", ("broken.yaml", broken)),
    ]
    body = problem_of(client.post("/simulate", files=files), 422)
    pointers = [p["pointer"] for p in body["problems"]]
    assert all(p.startswith(("/variants/1/", "/cohort/0/")) for p in pointers), pointers
    assert {"/variants/1/title", "/variants/1/base", "/variants/1/changes"} <= set(pointers)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"regulation": "22/2021"}, "missing_cohort"),
        ({"synthetic": "3", "cohort": "[]"}, "two_cohorts"),
        ({"synthetic": ["3", "4"]}, "repeated_field"),
        ({"synthetic": "100001"}, "less_than_equal"),
        ({"synthetic": "many"}, "int_parsing"),
        ({"synthetic": "3", "regulation": "99/1999"}, "regulation_not_found"),
    ],
)
def test_a_form_that_cannot_run(client: TestClient, fields: dict[str, Any], code: str) -> None:
    body = problem_of(client.post("/simulate", data=fields), 422)
    assert code in codes(body)


@pytest.mark.parametrize(
    ("fields", "pointer", "code"),
    [
        ({"synthetic": True, "seed": True}, "/synthetic", "int_type"),
        ({"synthetic": 3, "seed": True}, "/seed", "int_type"),
        ({"synthetic": "5"}, "/synthetic", "int_type"),
        ({"synthetic": 3, "seed": "1_000"}, "/seed", "int_type"),
        ({"synthetic": 3.0}, "/synthetic", "int_type"),
    ],
)
def test_json_whole_numbers_are_numbers_not_converted(
    client: TestClient, fields: dict[str, Any], pointer: str, code: str
) -> None:
    body = problem_of(client.post("/simulate", json=fields), 422)
    assert (body["problems"][0]["pointer"], body["problems"][0]["code"]) == (pointer, code)


@pytest.mark.parametrize("written", ["1_0", "5.0", "+5", " 0x5", "\uff15", "9" * 5000])
def test_form_whole_numbers_are_digits_only(client: TestClient, written: str) -> None:
    for name in ("synthetic", "seed"):
        fields = {"synthetic": "3", name: written}
        parts = {part: (None, value) for part, value in fields.items()}
        [problem] = problem_of(client.post("/simulate", files=parts), 422)["problems"]
        assert (problem["pointer"], problem["code"]) == (f"/{name}", "int_parsing")
        assert problem["received"] == json.dumps(written.strip(), ensure_ascii=False)
        assert problem["localized_message"].startswith(f'"{name}" harus berupa bilangan bulat')


@pytest.mark.parametrize(
    ("language", "words"),
    [("id", "pilih satu dengan isian regulation"), ("en", "name one with the regulation field")],
)
def test_a_cohort_of_two_regulations_asks_for_the_regulation_field(
    client: TestClient, language: str, words: str
) -> None:
    old = synthetic_cohort(kkpham_rules.get_regulation("34/2016"), regions=2, seed=1)
    cohort = [
        s.model_dump(mode="json", by_alias=True, exclude_none=True) for s in [*COHORT[:2], *old]
    ]
    answer = client.post(
        "/simulate", json={"cohort": cohort}, headers={"Accept-Language": language}
    )
    [problem] = problem_of(answer, 422)["problems"]
    assert (problem["code"], problem["pointer"]) == ("mixed_regulations", "/regulation")
    assert problem["localized_message"].endswith(words)
    assert "--regulation" not in problem["localized_message"] + problem["message"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("id", "isi berkas harus berupa satu objek JSON"), ("en", "the document must be one JSON")],
)
def test_a_variant_that_is_not_an_object_is_worded_alike_in_both_languages(
    client: TestClient, language: str, words: str
) -> None:
    files = [("variant", ("v.bin", b"\xff\xfe\x00\x01"))]  # UTF-16 text with a BOM: "\u0100"
    answer = client.post(
        "/simulate", data={"synthetic": "3"}, files=files, headers={"Accept-Language": language}
    )
    [problem] = problem_of(answer, 422)["problems"]
    assert (problem["code"], problem["pointer"]) == ("model_type", "/variants/0")
    assert problem["localized_message"].startswith(words)
    if language == "en":
        assert problem["localized_message"] == problem["message"]


def test_bodies_that_are_not_forms(client: TestClient) -> None:
    plain = client.post("/simulate", content=b"hello", headers={"Content-Type": "text/plain"})
    assert codes(problem_of(plain, 415)) == ["unsupported_media_type"]
    torn = b"--x\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--x--\r\n"
    headers = {"Content-Type": "multipart/form-data; boundary=x"}
    assert codes(problem_of(client.post("/simulate", content=torn, headers=headers), 400)) == [
        "bad_form"
    ]
    assert codes(problem_of(client.post("/simulate", json=[1]), 422)) == ["model_type"]
    not_json = client.post("/simulate", content=b"{", headers={"Content-Type": "application/json"})
    assert codes(problem_of(not_json, 400)) == ["not_json"]


def test_more_regions_than_the_service_takes(client: TestClient) -> None:
    body = problem_of(client.post("/simulate", data={"synthetic": "1001"}), 413)
    [problem] = body["problems"]
    assert (problem["code"], problem["pointer"], problem["received"]) == (
        "too_many_regions",
        "/synthetic",
        "1001",
    )

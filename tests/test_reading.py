"""One reader for every command and loader (issue 9): formats, sources, and wrong kinds."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook

import kkpham_rules
from kkpham_rules.errors import SubmissionError
from kkpham_rules.files.cohort import CSV_COLUMNS, check_one_cohort, load_cohort
from kkpham_rules.files.reading import (
    FORMATS,
    SUFFIXES,
    Contents,
    document_kind,
    is_text,
    read_contents,
    read_document,
    read_submission,
    read_submissions,
    sniff,
)
from kkpham_rules.files.spreadsheet import template_workbook
from kkpham_rules.messages import headline, place, render
from kkpham_rules.policy.variants import VariantError, load_variant

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"
DATA: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
NEW = kkpham_rules.get_regulation("22/2021")


def csv_text(data: dict[str, Any] = DATA) -> str:
    """Return a submission as dimension-level CSV text."""
    rows = [",".join(CSV_COLUMNS)]
    for right, shares in data["dimensions"].items():
        region = data["region"]
        cells = [region["code"], region["name"], str(data["assessment_year"]), right]
        rows.append(",".join(cells + [str(shares[d]) for d in ("struktur", "proses", "hasil")]))
    return "\n".join(rows) + "\n"


def example_as(kind: str, folder: Path) -> Path:
    """Write the example submission in the format ``kind`` (a suffix without the dot)."""
    path = folder / f"example.{kind}"
    if kind == "json":
        path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    elif kind in ("yaml", "yml"):
        path.write_text(yaml.safe_dump(DATA, allow_unicode=True), encoding="utf-8")
    elif kind == "jsonl":
        path.write_text(json.dumps(DATA) + "\n", encoding="utf-8")
    elif kind == "csv":
        path.write_text(csv_text(), encoding="utf-8")
    else:  # a filled-in template workbook
        workbook = template_workbook(NEW, 2022)
        workbook["Info"]["B1"], workbook["Info"]["B2"] = "72.71", DATA["region"]["name"]
        dims = workbook["Dimensi"]
        for row in range(2, dims.max_row + 1):
            shares = DATA["dimensions"][dims.cell(row, 1).value]
            for column, dimension in zip((3, 4, 5), ("struktur", "proses", "hasil"), strict=True):
                dims.cell(row, column).value = shares[dimension]
        workbook.save(path)
    return path


KINDS = ("json", "yaml", "yml", "jsonl", "csv", "xlsx")
SINGLE = {"json": True, "yaml": True, "yml": True, "jsonl": False, "csv": False, "xlsx": True}
"""Whether each kind of file is one submission document (else a cohort, even of one)."""


@pytest.mark.parametrize("kind", KINDS)
def test_every_format_gives_the_same_submission(tmp_path: Path, kind: str) -> None:
    path = example_as(kind, tmp_path)
    contents = read_contents(path)
    assert contents.single is SINGLE[kind]
    [submission] = contents.submissions
    assert kkpham_rules.evaluate(submission).total_score == "81.22"
    # the same, from its bytes (recognised from the content), a stream and a str path
    assert read_contents(path.read_bytes()).submissions == contents.submissions
    assert read_contents(io.BytesIO(path.read_bytes())).submissions == contents.submissions
    assert read_submission(str(path)) == submission
    assert load_cohort(str(path)) == [submission]


def test_suffixes_and_formats_agree() -> None:
    assert set(SUFFIXES.values()) == set(FORMATS)
    assert SUFFIXES[".yml"] == "yaml"


def test_a_file_named_otherwise_is_read_by_its_content(tmp_path: Path) -> None:
    for kind in ("json", "yaml", "csv", "xlsx"):
        path = example_as(kind, tmp_path).rename(tmp_path / f"data-{kind}.txt")
        assert read_submission(path).region.code == "72.71", kind
    # an explicit format wins over the suffix
    odd = tmp_path / "odd.json"
    odd.write_text(yaml.safe_dump(DATA), encoding="utf-8")
    assert read_submission(odd, format="yaml").region.code == "72.71"


def test_sniffing() -> None:
    assert sniff(b"") == "json"  # the JSON reader says the file is empty
    assert sniff(b"\xef\xbb\xbf{") == "json"
    assert sniff("region:\n  name: Kota Palu ✓".encode()[:-1]) == "yaml"  # a character cut off


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("examples/kota.json", False),
        ("kota.yaml", False),
        ("C:\\data\\kota.json", False),
        ("  {", True),
        ("[]", True),
        ("", True),
        ("region:\n  code: 72.71\n", True),
    ],
)
def test_a_str_is_a_path_unless_it_is_text(text: str, expected: bool) -> None:
    assert is_text(text) is expected


def test_load_submission_keeps_every_old_form(tmp_path: Path) -> None:
    expected = kkpham_rules.parse_submission(DATA)
    assert kkpham_rules.load_submission(EXAMPLE) == expected
    assert kkpham_rules.load_submission(str(EXAMPLE)) == expected
    assert kkpham_rules.load_submission(EXAMPLE.read_bytes()) == expected
    assert kkpham_rules.load_submission(EXAMPLE.read_text(encoding="utf-8")) == expected
    assert kkpham_rules.load_submission(DATA) == expected
    assert kkpham_rules.load_submission(yaml.safe_dump(DATA)) == expected
    with pytest.raises(SubmissionError, match="cannot read"):
        kkpham_rules.load_submission(str(tmp_path / "missing.json"))


def test_one_submission_where_one_is_wanted(tmp_path: Path) -> None:
    cohort = tmp_path / "two.jsonl"
    cohort.write_text(json.dumps(DATA) + "\n" + json.dumps(DATA) + "\n", encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        kkpham_rules.load_submission(cohort)
    [problem] = caught.value.problems
    assert (problem.code, problem.received) == ("not_one_submission", "2")
    assert headline(caught.value, "id") == f"{cohort} berisi 2 data kabupaten/kota, bukan satu"
    assert len(read_submissions(cohort)) == 2


def test_json_lines_in_a_json_file_are_json_lines(tmp_path: Path) -> None:
    # `kkpham import` writes a cohort as JSON Lines, whatever the name given
    path = tmp_path / "cohort.json"
    path.write_text(json.dumps(DATA) + "\n\n" + json.dumps(DATA) + "\n", encoding="utf-8")
    contents = read_contents(path)
    assert (len(contents.submissions), contents.single) == (2, False)
    # an object over several lines, then more, is broken JSON, not JSON Lines
    path.write_text(json.dumps(DATA, indent=2) + "\n" + json.dumps(DATA), encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        read_contents(path)
    assert [p.code for p in caught.value.problems] == ["not_json"]


def test_lists_and_folders_are_cohorts_with_placed_problems(tmp_path: Path) -> None:
    bad = {**DATA, "region": {"code": "7271", "name": "X"}}
    with pytest.raises(SubmissionError) as caught:
        load_cohort([DATA, bad])
    assert [p.pointer for p in caught.value.problems] == ["/1/region/code"]
    assert caught.value.args[0] == "the cohort has 1 problem(s)"
    path = tmp_path / "cohort.jsonl"
    path.write_text(json.dumps(DATA) + "\n" + '{"region": \n', encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        load_cohort(path)
    [problem] = caught.value.problems
    assert (problem.code, problem.pointer, problem.location) == (
        "not_json",
        "/1",
        "line 2, column 12",
    )
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(DATA), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        load_cohort(folder)
    assert [p.pointer for p in caught.value.problems] == ["/b.json/region/code"]
    with pytest.raises(SubmissionError, match="no submission"):
        load_cohort("[]")


def test_a_json_lines_record_is_placed_by_a_json_pointer_and_its_line() -> None:
    # the pointer counts records as a JSON array does (blank lines skipped); the line
    # a person looks for is the location
    bad = {**DATA, "region": {"code": "7271", "name": "X"}}
    text = "\n".join([json.dumps(DATA), "", json.dumps(bad), '{"region": 1,}', "[1]"]) + "\n"
    with pytest.raises(SubmissionError) as caught:
        load_cohort(text.encode("utf-8"))
    placed = [(p.code, p.pointer, p.location) for p in caught.value.problems]
    assert placed == [
        ("string_pattern_mismatch", "/1/region/code", "line 3"),
        ("not_json", "/2", "line 4, column 14"),
        ("model_type", "/3", "line 5"),
    ]
    lines = [(p.location or "").split(",")[0] for p in caught.value.problems]
    assert [p.message.split(": ")[0] for p in caught.value.problems] == lines
    assert place(caught.value.problems[0], "id") == "baris 3"


def _outputs(tmp_path: Path) -> dict[str, Any]:
    """Return one document of every kind the library writes, as data."""
    from kkpham_rules.audit import make_record
    from kkpham_rules.policy.sensitivity import sensitivity
    from kkpham_rules.policy.simulate import simulate
    from kkpham_rules.policy.synth import synthetic_cohort

    submission = kkpham_rules.parse_submission(DATA)
    evaluation = kkpham_rules.evaluate(submission)
    cohort = synthetic_cohort(NEW, 5)
    variant = ROOT / "examples" / "variants" / "bound-80.yaml"
    return {
        "kkpham-evaluation/1": json.loads(evaluation.to_json()),
        "kkpham-audit-record/1": json.loads(make_record(submission, evaluation).to_json()),
        "kkpham-simulation/1": json.loads(simulate(cohort, NEW, [variant]).to_json()),
        "kkpham-comparison/1": kkpham_rules.compare(submission, ["22/2021"]).model_dump(
            mode="json"
        ),
        "kkpham-sensitivity/1": sensitivity(cohort, NEW, samples=5).model_dump(mode="json"),
        "kkpham-variant/1": yaml.safe_load(variant.read_text(encoding="utf-8")),
        "kkpham-regulation/1": yaml.safe_load(
            (ROOT / "regulations/kkpham_permenkumham_22_2021/revisions/1.yaml").read_text(
                encoding="utf-8"
            )
        ),
    }


WORDS = {
    "kkpham-evaluation/1": ("hasil penilaian", "an evaluation"),
    "kkpham-audit-record/1": ("catatan audit", "an audit record"),
    "kkpham-simulation/1": ("ringkasan simulasi", "a simulation summary"),
    "kkpham-comparison/1": ("hasil perbandingan", "a comparison"),
    "kkpham-sensitivity/1": ("hasil analisis sensitivitas", "a sensitivity run"),
    "kkpham-variant/1": ("berkas varian", "a variant"),
    "kkpham-regulation/1": ("data peraturan", "regulation data"),
}


def test_a_document_of_another_kind_is_named(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path)
    assert set(outputs) == set(WORDS)
    for kind, data in outputs.items():
        assert document_kind(data) == kind
        path = tmp_path / f"{kind.split('/')[0]}.json"
        path.write_text(json.dumps(data, default=str), encoding="utf-8")
        with pytest.raises(SubmissionError) as caught:
            kkpham_rules.load_submission(path)
        [problem] = caught.value.problems
        assert (problem.code, problem.received, problem.expected) == (
            "wrong_document",
            kind,
            "a submission",
        )
        indonesian, english = WORDS[kind]
        assert render(problem, "id").startswith(f"ini {indonesian}, bukan data penilaian")
        assert problem.message.startswith(f"this is {english}, not a submission")
        assert headline(caught.value, "id") == f"{path} bukan data penilaian"
        assert caught.value.args[0] == f"{path}: not a submission"


def test_the_words_of_the_issue() -> None:
    summary = {"format": "kkpham-simulation/1", "regions": 3}
    with pytest.raises(SubmissionError) as caught:
        read_submission(summary)
    [problem] = caught.value.problems
    assert render(problem, "id").startswith("ini ringkasan simulasi, bukan data penilaian")
    assert render(problem, "en").startswith("this is a simulation summary, not a submission")


def test_outputs_without_a_format_are_named_by_their_command() -> None:
    assert document_kind({"valid": True, "regulation": "x", "warnings": []}) == (
        "kkpham validate --json"
    )
    assert document_kind({"regulations": [], "broken_plugins": []}) == "kkpham regulations --json"
    assert document_kind({"crosswalks": []}) == "kkpham crosswalks --json"
    with pytest.raises(SubmissionError) as caught:
        read_submission({"valid": True, "warnings": []})
    assert render(caught.value.problems[0], "id") == (
        "ini keluaran `kkpham validate --json`, bukan data penilaian"
    )


def test_a_list_of_other_documents_names_each(tmp_path: Path) -> None:
    evaluation = json.loads(kkpham_rules.evaluate(DATA).to_json())
    with pytest.raises(SubmissionError) as caught:
        load_cohort([evaluation, DATA, evaluation])
    assert [(p.code, p.pointer) for p in caught.value.problems] == [
        ("wrong_document", "/0"),
        ("wrong_document", "/2"),
    ]


def test_an_accepted_kind_is_handed_back() -> None:
    summary = {"format": "kkpham-simulation/9", "regions": 3}
    contents = read_contents(summary, accept=["kkpham-simulation/1"])
    assert (contents.kind, contents.data, contents.submissions) == (
        "kkpham-simulation/9",
        summary,
        (),
    )
    with pytest.raises(SubmissionError) as caught:
        read_contents({"format": "kkpham-variant/1"}, accept=["kkpham-simulation/1"])
    assert caught.value.problems[0].expected == "a submission or a simulation summary"
    assert headline(caught.value, "id") == "<data> bukan data penilaian ataupun ringkasan simulasi"


def test_load_variant_reads_paths_and_names_other_documents(tmp_path: Path) -> None:
    path = ROOT / "examples" / "variants" / "bound-80.yaml"
    assert load_variant(str(path)).id == load_variant(path).id == "bound-80"
    as_json = tmp_path / "bound.json"
    as_json.write_text(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert load_variant(as_json).id == "bound-80"
    with pytest.raises(VariantError) as caught:
        load_variant(EXAMPLE)
    [problem] = caught.value.problems
    assert (problem.code, problem.received, problem.expected) == (
        "wrong_document",
        "submission",
        "a variant",
    )
    assert render(problem, "id") == (
        "ini data penilaian, bukan berkas varian; nilai dengan `kkpham evaluate`"
    )
    assert headline(caught.value, "id") == f"{EXAMPLE} bukan berkas varian"
    # another version of the variant format is the variant's own validation's to judge
    with pytest.raises(VariantError) as caught:
        load_variant({**yaml.safe_load(path.read_text(encoding="utf-8")), "format": "x/2"})
    assert caught.value.problems[0].code == "wrong_document"
    with pytest.raises(VariantError) as caught:
        load_variant({"format": "kkpham-variant/2", "id": "x", "title": "t", "base": "22/2021"})
    assert ("/format", "literal_error") in {(p.pointer, p.code) for p in caught.value.problems}


def test_read_document_refuses_tables() -> None:
    with pytest.raises(SubmissionError) as caught:
        read_document(csv_text().encode())
    [problem] = caught.value.problems
    assert (problem.code, problem.received) == ("unsupported_format", "csv")
    assert (
        render(problem, "id")
        == "berkas csv tidak dapat dibaca di sini; berikan berkas JSON atau YAML"
    )


def test_unreadable_and_oversized_sources(tmp_path: Path) -> None:
    with pytest.raises(SubmissionError) as caught:
        read_contents(tmp_path / "missing.csv")
    assert caught.value.args[0] == f"cannot read {tmp_path / 'missing.csv'}"
    assert caught.value.problems[0].code == "unreadable_file"
    with pytest.raises(SubmissionError) as caught:
        read_contents(io.BytesIO(b"{" + b" " * 100 + b"}"), max_bytes=50)
    assert caught.value.args[0] == "cannot read <stream>"
    assert caught.value.problems[0].code == "too_large"
    broken = tmp_path / "broken.yaml"
    broken.write_text("region: [\n", encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        read_contents(broken)
    assert caught.value.problems[0].code == "not_yaml"
    assert headline(caught.value, "id") == "berkas data bukan YAML yang dapat dibaca"


def test_a_workbook_from_bytes_is_named_as_its_source(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    template_workbook(NEW, 2022).save(path)  # not filled in: refused
    with pytest.raises(SubmissionError) as caught:
        read_contents(io.BytesIO(path.read_bytes()), name="<stdin>")
    assert caught.value.args[0].startswith("<stdin>")
    assert "workbook.xlsx" not in str(caught.value)


def test_cohort_workbook_and_csv_text_warnings_go_to_notices(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(CSV_COLUMNS))
    sheet.append(["91.01", "Kabupaten Merauke", 2022, "kesehatan", 100, 90, 80])
    path = tmp_path / "cohort.xlsx"
    workbook.save(path)
    notices: list[Any] = []
    contents = read_contents(path, notices=notices)
    assert (contents.single, [p.code for p in notices]) == (False, ["former_region_code"])
    notices.clear()
    text = ",".join(CSV_COLUMNS) + "\n91.01,Kabupaten Merauke,2022,kesehatan,100,90,80\n"
    read_contents(text.encode(), notices=notices)
    assert [(p.code, p.location) for p in notices] == [
        ("former_region_code", "line 2, column region_code")
    ]


def test_submissions_and_dataframes_pass_through() -> None:
    submission = kkpham_rules.parse_submission(DATA)
    assert read_contents(submission) == Contents("<data>", submissions=(submission,), single=True)
    assert read_contents((submission, DATA)).submissions == (submission, submission)


def test_one_cohort_report_needs_one_regulation_year_and_region_each() -> None:
    old = {**DATA, "assessment_year": 2019, "dimensions": {"kesehatan": {"hasil": 50}}}
    evaluations = [kkpham_rules.evaluate(DATA), kkpham_rules.evaluate(DATA)]
    evaluations.append(kkpham_rules.evaluate(old))
    with pytest.raises(SubmissionError) as caught:
        check_one_cohort(evaluations)
    assert [p.code for p in caught.value.problems] == [
        "mixed_regulations",
        "mixed_years",
        "duplicate_region",
    ]
    assert render(caught.value.problems[0], "id").endswith("pilih satu dengan --regulation")
    check_one_cohort(evaluations[:1])

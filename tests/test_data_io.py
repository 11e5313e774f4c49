"""Spreadsheet templates, CSV cohorts and exports (issue: real data in and out)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

import kkpham_rules
from kkpham_rules.files.cohort import load_cohort, read_csv
from kkpham_rules.files.export import evaluation_rows, rows_csv, rows_xlsx, to_dataframe
from kkpham_rules.files.spreadsheet import read_workbook, template_workbook
from kkpham_rules.messages import Lang

from .conftest import cells_in
from .test_cli import run

NEW = kkpham_rules.get_regulation("22/2021")


def filled_template(tmp_path: Path, lang: Lang = "id") -> Path:
    workbook = template_workbook(NEW, 2022, lang)
    info, dims = workbook["Info"], workbook["Dimensi" if lang == "id" else "Dimensions"]
    info["B1"], info["B2"] = "72.71", "Kota Palu"
    for row in range(2, dims.max_row + 1):
        dims.cell(row, 3).value = 100
        dims.cell(row, 4).value = 90.5
        dims.cell(row, 5).value = 80
    path = tmp_path / f"filled-{lang}.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize("lang", ["id", "en"])
def test_workbook_template_round_trip(tmp_path: Path, lang: Lang) -> None:
    submission = read_workbook(filled_template(tmp_path, lang))
    assert submission.region.code == "72.71"
    assert len(submission.dimensions) == 10
    assert str(submission.dimensions["kesehatan"].proses) == "90.5"
    evaluation = kkpham_rules.evaluate(submission)
    assert evaluation.total_score == "85.15"  # 10 + 27.15 + 48


def test_template_has_validation_on_every_value_cell(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    template_workbook(NEW).save(path)
    dims = load_workbook(path)["Dimensi"]
    validated = {str(ref) for dv in dims.data_validations.dataValidation for ref in dv.sqref.ranges}
    cells = {f"{col}{row}" for row in range(2, 12) for col in "CDE"}
    covered = set()
    for ref in validated:
        covered |= {f"{'ABCDE'[c - 1]}{r}" for c, r in cells_in(ref)}
    assert cells <= covered


def test_workbook_errors_name_the_cell(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    workbook = load_workbook(path)
    dims = workbook["Dimensi"]
    dims["E3"] = 120
    dims["C4"] = "delapan puluh"
    dims["C20"] = 50  # a value below the table, in no right's row
    workbook["Info"]["B1"] = "7271"
    workbook.save(path)
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_workbook(path)
    locations = {p.location for p in caught.value.problems}
    assert {"Dimensi!E3", "Dimensi!C4", "Dimensi!C20", "Info!B1"} <= locations


def test_csv_cohort_with_a_bad_cell(tmp_path: Path) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(
        "region_code,region_name,assessment_year,right,struktur,proses,hasil\n"
        "72.71,Kota Palu,2022,kesehatan,100,90,80\n"
        "72.71,Kota Palu,2022,pendidikan,100,abc,80\n"
        "72.03,Kabupaten Donggala,2022,kesehatan,100,80,101\n"
        "72.03,Kabupaten Donggala,2022,hak-terbang,100,80,70\n"
    )
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_csv(path)
    assert {p.location for p in caught.value.problems} == {
        "line 3, column proses",
        "line 4, column hasil",
    }
    path.write_text(path.read_text().replace(",abc,", ",85,").replace(",101\n", ",100\n"))
    submissions = read_csv(path)
    assert [s.region.code for s in submissions] == ["72.71", "72.03"]
    with pytest.raises(kkpham_rules.SubmissionError) as unknown:
        kkpham_rules.evaluate(submissions[1])
    assert unknown.value.problems[0].pointer == "/dimensions/hak-terbang"


def test_csv_header_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("kode,nama\n1,2\n")
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_csv(path)
    assert caught.value.problems[0].location == "line 1"


def test_exports(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "kota-contoh-2022.json"
    evaluation = kkpham_rules.evaluate(kkpham_rules.load_submission(example))
    rows = evaluation_rows([evaluation], "en")
    assert rows[0]["category_label"] == "Human-rights caring"
    parsed = list(csv.DictReader(io.StringIO(rows_csv(rows))))
    assert parsed[0]["total_score"] == "81.22"
    assert parsed[0]["right:kesehatan"] == "85.00"
    rows_xlsx(rows, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet is not None
    assert sheet["F2"].value == pytest.approx(81.22)  # a number the sheet can sum
    assert sheet["B2"].value == "Kota Contoh (data ilustrasi)"
    frame = to_dataframe([evaluation])
    # numbers for analysis (the exact "81.22" stays in the JSON); ids stay text
    assert frame.loc[0, "total_score"] == 81.22  # float("81.22"), the nearest double
    assert frame["total_score"].dtype == "float64"
    assert frame["right:kesehatan"].dtype == "float64"
    assert frame["assessment_year"].dtype == "int64"
    assert frame["awarded"].dtype == "bool"
    assert frame.loc[0, "region_code"] == "72.71"
    assert [
        s.region.code
        for s in load_cohort(
            frame.assign(right="kesehatan", struktur="100", proses="90", hasil="80")
        )
    ] == ["72.71"]


def test_template_import_export_from_the_command_line(tmp_path: Path) -> None:
    book = tmp_path / "template.xlsx"
    assert run("template", "22/2021", "--format", "xlsx", "--out", str(book)).returncode == 0
    assert run("template", "22/2021", "--format", "xlsx").returncode == 2
    csv_template = run("template", "34/2016", "--format", "csv")
    assert (
        csv_template.stdout.splitlines()[0]
        == "region_code,region_name,assessment_year,right,struktur,proses,hasil"
    )
    assert len(csv_template.stdout.splitlines()) == 8
    filled = filled_template(tmp_path)
    out = tmp_path / "imported.json"
    result = run("import", str(filled), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["region"]["code"] == "72.71"
    table = tmp_path / "table.csv"
    assert run("export", str(out), "--out", str(table)).returncode == 0
    assert "85.15" in table.read_text()
    workbook = load_workbook(filled)
    workbook["Dimensi"]["E3"] = 120
    workbook.save(filled)
    bad = run("import", str(filled), "--out", str(out), "--json")
    assert bad.returncode == 2
    assert json.loads(bad.stderr)["problems"][0]["location"] == "Dimensi!E3"


def test_cohort_workbook_and_comparison_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from kkpham_rules.files.spreadsheet import read_cohort_workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(
        ["region_code", "region_name", "assessment_year", "right", "struktur", "proses", "hasil"]
    )
    sheet.append(["72.71", "Kota Palu", 2022, "kesehatan", 100, 90, 80])
    sheet.append(["72.03", "Kabupaten Donggala", 2022, "kesehatan", 100, "sembilan puluh", 80])
    path = tmp_path / "cohort.xlsx"
    workbook.save(path)
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_cohort_workbook(path)
    assert [p.location for p in caught.value.problems] == ["Data!F3"]
    sheet["F3"] = 90
    workbook.save(path)
    assert [s.region.code for s in read_cohort_workbook(path)] == ["72.71", "72.03"]
    out = tmp_path / "compare.xlsx"
    result = run("compare", str(path), "--regulations", "22/2021,34/2016", "--xlsx", str(out))
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "region_code"
    assert len(rows) == 3


def test_workbook_is_read_by_sheet_title_and_nothing_typed_is_ignored(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    workbook = load_workbook(path)
    workbook.move_sheet("Dimensi", offset=-1)  # sheets found by title, not position
    dims = workbook["Dimensi"]
    dims["C2"].number_format = "0.0%"
    dims["C2"] = 0.855  # shown as 85.5%
    workbook.save(path)
    assert str(read_workbook(path).dimensions["bantuan-hukum"].struktur) == "85.500"
    dims["G5"] = 12  # outside the template's cells
    dims.append(["informasi", "again", 10, 10, 10])  # a right listed twice
    dims["D6"] = "=40+45"  # a formula saved without its result
    workbook.save(path)
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_workbook(path)
    codes = {(p.code, p.location) for p in caught.value.problems}
    assert ("value_outside_template", "Dimensi!G5") in codes
    assert ("duplicate_row", "Dimensi!A12") in codes
    assert ("formula_without_value", "Dimensi!D6") in codes


def test_csv_locations_count_blank_lines_and_names_must_agree(tmp_path: Path) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(
        "region_code,region_name,assessment_year,right,struktur,proses,hasil\n"
        "\n\n"
        "72.71,Kota Palu,2022,kesehatan,100,90,80\n"
        "72.71,Kota Paloo,2022,pendidikan,100,101,80\n"
    )
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_csv(path)
    locations = {p.location for p in caught.value.problems}
    assert locations == {"line 5, column region_name", "line 5, column proses"}
    path.write_text("region_code,region_name,assessment_year,right,struktur,proses,hasil,hasil\n")
    with pytest.raises(kkpham_rules.SubmissionError):
        read_csv(path)
    path.write_text("region_code,region_name,assessment_year,right,struktur,proses,hasil\n")
    with pytest.raises(kkpham_rules.SubmissionError, match="empty"):
        read_csv(path)


def test_exported_text_is_never_a_formula(tmp_path: Path) -> None:
    submission = kkpham_rules.parse_submission(
        {
            "region": {"code": "72.71", "name": '=HYPERLINK("http://x.invalid";"Kota Uji")'},
            "assessment_year": 2022,
            "dimensions": {"kesehatan": {"hasil": 80}},
        }
    )
    rows_xlsx(evaluation_rows([kkpham_rules.evaluate(submission)]), tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert sheet is not None
    cell = sheet["B2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_unwritable_outputs_exit_2(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "kota-contoh-2022.json"
    for args in (
        ["export", str(example), "--out", "/nonexistent/x.csv"],
        ["template", "22/2021", "--format", "xlsx", "--out", "/nonexistent/t.xlsx"],
        ["evaluate", str(example), "--record", "/nonexistent/r.json"],
    ):
        result = run(*args, "--json")
        assert result.returncode == 2, args
        assert json.loads(result.stderr)["problems"][0]["code"] == "unwritable_file"


HEADER = "region_code,region_name,assessment_year,right,struktur,proses,hasil"


def csv_refusal(path: Path) -> list[tuple[str, str | None]]:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_csv(path)
    return [(p.code, p.location) for p in caught.value.problems]


def test_csv_separated_by_semicolons_with_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(
        "\ufeff" + HEADER.replace(",", ";") + "\r\n"  # as a spreadsheet saves it, BOM and all
        "72.71;Kota Palu;2022;kesehatan;100;85,5;80\r\n"
        "\r\n"
        '72.03;"Kabupaten Donggala";2022;kesehatan;90,25;80.5;\r\n',
        encoding="utf-8",
    )
    palu, donggala = read_csv(path)
    assert str(palu.dimensions["kesehatan"].proses) == "85.5"
    assert str(donggala.dimensions["kesehatan"].struktur) == "90.25"
    assert str(donggala.dimensions["kesehatan"].proses) == "80.5"  # a point is fine too
    assert donggala.dimensions["kesehatan"].hasil is None
    path.write_text(HEADER.replace(",", ";") + "\n\n72.71;Kota Palu;2022;kesehatan;100;1,2,3;80\n")
    assert csv_refusal(path) == [("percent_string", "line 3, column proses")]


def test_csv_decimal_comma_needs_quotes_in_a_comma_separated_file(tmp_path: Path) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(HEADER + '\n72.71,Kota Palu,2022,kesehatan,100,"85,5",80\n')
    [palu] = read_csv(path)
    assert str(palu.dimensions["kesehatan"].proses) == "85.5"
    path.write_text(HEADER + "\n72.71,Kota Palu,2022,kesehatan,100,85,5,80\n")
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_csv(path)  # never read as 85 and 5
    [problem] = caught.value.problems
    assert (problem.code, problem.location) == ("extra_cells", "line 2")
    assert '"85,5"' in problem.message


def test_csv_that_mixes_separators_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(HEADER.replace(",", ";", 3) + "\n")
    assert csv_refusal(path) == [("mixed_delimiters", "line 1")]
    path.write_text(
        HEADER.replace(",", ";") + "\n"
        "72.71;Kota Palu;2022;kesehatan;100;90;80\n"
        "72.71,Kota Palu,2022,pendidikan,100,90,80\n"
    )
    assert csv_refusal(path) == [("mixed_delimiters", "line 3")]
    path.write_text(HEADER + "\n72.71;Kota Palu;2022;kesehatan;100;90;80\n")
    assert csv_refusal(path) == [("mixed_delimiters", "line 2")]

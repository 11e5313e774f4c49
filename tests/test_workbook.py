"""The workbook template regional staff fill in (issue 9), and reading it back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

import kkpham_rules
from kkpham_rules.errors import Problem
from kkpham_rules.files.regions import RegionWarning
from kkpham_rules.files.spreadsheet import default_data_year, read_workbook, template_workbook
from kkpham_rules.messages import Lang
from kkpham_rules.model import Regulation
from kkpham_rules.registry import Registry

from .conftest import cells_in
from .test_cli import run

NEW = kkpham_rules.get_regulation("22/2021")
OLD = kkpham_rules.get_regulation("34/2016")
TODAY = date(2026, 12, 1)


def saved(workbook: Workbook, tmp_path: Path, name: str = "template.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def filled(tmp_path: Path, code: str = "72.71", name: str = "Kota Palu") -> Path:
    workbook = template_workbook(NEW, today=TODAY)
    workbook["Info"]["B1"], workbook["Info"]["B2"] = code, name
    dims = workbook["Dimensi"]
    for row in range(2, dims.max_row + 1):
        for column, share in zip((3, 4, 5), (100, 90.5, 80), strict=True):
            dims.cell(row, column).value = share
    return saved(workbook, tmp_path, "filled.xlsx")


def refusal(path: Path, **kwargs: Any) -> list[tuple[str, str | None]]:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_workbook(path, **kwargs)
    return [(p.code, p.location) for p in caught.value.problems]


def text(value: object) -> str:
    """Return a cell's value, which must be text."""
    assert isinstance(value, str), value
    return value


def covered(sheet: Any) -> dict[str, Any]:
    """Return each cell that a data validation covers, with that validation."""
    cells: dict[str, Any] = {}
    for validation in sheet.data_validations.dataValidation:
        for ref in validation.sqref.ranges:
            for column, row in cells_in(str(ref)):
                cells[sheet.cell(row, column).coordinate] = validation
    return cells


def test_the_data_year_is_the_year_before_today_within_the_regulation() -> None:
    assert default_data_year(NEW, TODAY) == 2025
    assert default_data_year(NEW, date(2022, 1, 3)) == 2021
    assert default_data_year(NEW, date(2019, 6, 1)) == 2021  # before its first year
    assert default_data_year(OLD, TODAY) == 2020  # its last year
    assert template_workbook(NEW, today=TODAY)["Info"]["B3"].value == 2025
    assert template_workbook(NEW, 2023, today=TODAY)["Info"]["B3"].value == 2023


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        ("id", ["Petunjuk", "Info", "Indikator", "Dimensi"]),
        ("en", ["Instructions", "Info", "Indicators", "Dimensions"]),
    ],
)
def test_the_instructions_come_first(lang: Lang, titles: list[str]) -> None:
    workbook = template_workbook(NEW, lang=lang, today=TODAY)
    assert workbook.sheetnames == titles
    assert workbook.active is workbook.worksheets[0]


def test_the_instructions_say_what_where_which_units_and_how() -> None:
    guide = template_workbook(NEW, today=TODAY)["Petunjuk"]
    rows = [(row[0].value, row[1].value) for row in guide.iter_rows(max_col=2)]
    lines = [(text(a), text(b)) for a, b in rows if a]
    assert all(b for _, b in lines)  # every line has its English gloss
    indonesian = "\n".join(a for a, _ in lines)
    for needed in (
        "sel berwarna kuning",  # where
        "Lembar Info",
        "Lembar Dimensi",  # what
        "dari 0 sampai 100, mis. 85,5",  # units
        "72.71 untuk Kota Palu",  # what a code looks like
        "Kepmendagri No. 300.2.2-2138 Tahun 2025",
        "00.00 dan NAMA KABUPATEN/KOTA",
        "terisi 2025",
        ".xlsx",  # how to save
        "kkpham import",  # how to import
        "tanpa kata sandi",  # how to unprotect
        "Buka Proteksi Lembar",
    ):
        assert needed in indonesian, needed
    assert "belum memiliki daftar indikator" in indonesian  # 22/2021 encodes none
    english = "\n".join(b for _, b in lines)
    assert "e.g. 72.71 for Kota Palu" in english
    assert "Review > Unprotect Sheet" in english


def test_labels_are_locked_inputs_unlocked_and_nothing_needs_a_password(tmp_path: Path) -> None:
    workbook = load_workbook(saved(template_workbook(NEW, today=TODAY), tmp_path))
    for sheet in workbook.worksheets:
        assert sheet.protection.sheet, sheet.title
        assert not sheet.protection.password, sheet.title
    info, dims = workbook["Info"], workbook["Dimensi"]
    assert [info[f"B{row}"].protection.locked for row in range(1, 5)] == [
        False,
        False,
        False,
        True,  # the regulation the template was made for
    ]
    assert all(info[f"A{row}"].protection.locked for row in range(1, 5))
    inputs = [dims.cell(row, column) for row in range(2, 12) for column in (3, 4, 5)]
    assert not any(cell.protection.locked for cell in inputs)
    assert all(dims.cell(row, 2).protection.locked for row in range(1, 12))
    assert all(dims.cell(1, column).protection.locked for column in range(1, 6))
    assert all(workbook["Petunjuk"].cell(row, 1).protection.locked for row in range(1, 10))


def test_the_keys_the_reader_needs_are_hidden_and_the_code_is_text(tmp_path: Path) -> None:
    workbook = load_workbook(saved(template_workbook(NEW, today=TODAY), tmp_path))
    assert workbook["Info"].column_dimensions["C"].hidden
    assert workbook["Info"]["C1"].value == "region_code"
    assert workbook["Dimensi"].column_dimensions["A"].hidden
    assert workbook["Indikator"].column_dimensions["A"].hidden
    assert not workbook["Dimensi"].column_dimensions["B"].hidden
    assert workbook["Info"]["B1"].number_format == "@"  # 11.10 stays 11.10
    assert workbook["Info"]["B1"].value == "00.00"
    assert workbook["Info"]["B2"].value == "NAMA KABUPATEN/KOTA"


def test_every_input_cell_prompts_for_what_it_takes(tmp_path: Path) -> None:
    workbook = load_workbook(saved(template_workbook(NEW, today=TODAY), tmp_path))
    info, dims = covered(workbook["Info"]), covered(workbook["Dimensi"])
    for cell in ("B1", "B2", "B3"):
        assert info[cell].showInputMessage, cell
        assert info[cell].prompt, cell
    assert "72.71" in info["B1"].prompt
    assert info["B3"].type == "whole"
    for row in range(2, 12):
        for letter in "CDE":
            validation = dims[f"{letter}{row}"]
            assert validation.type == "decimal"
            assert (validation.formula1, validation.formula2) == ("0", "100")
            assert "0 sampai 100" in validation.prompt
    assert dims["C2"].promptTitle == "Capaian struktur (%)"
    for validation in [*info.values(), *dims.values()]:
        assert len(validation.promptTitle) <= 32  # Excel's limits
        assert len(validation.prompt) <= 255


def test_indicator_cells_prompt_by_kind(
    tmp_path: Path, all_rules: Regulation, test_registry: Registry
) -> None:
    workbook = template_workbook(all_rules, today=TODAY)
    assert workbook["Info"]["B3"].value == 2090  # the regulation governs 2090-2099
    path = saved(workbook, tmp_path)
    sheet = load_workbook(path)["Indikator"]
    cells = covered(sheet)
    rows = range(2, len(all_rules.indicators) + 2)
    for row in rows:
        for letter in "HIJ":
            assert cells[f"{letter}{row}"].prompt, f"{letter}{row}"
        assert not sheet[f"H{row}"].protection.locked
        assert sheet[f"D{row}"].protection.locked
    prompts = {cells[f"H{row}"].prompt for row in rows}
    assert "Pilih TRUE (ada) atau FALSE (tidak ada)." in prompts
    assert "Bilangan bulat, 0 atau lebih." in prompts
    assert any(p.startswith("Pilih salah satu: ") for p in prompts)
    assert refusal(path, registry=test_registry)[-1] == ("empty_template", "Dimensi!C2")


def test_an_unfilled_template_is_refused_cell_by_cell(tmp_path: Path) -> None:
    path = saved(template_workbook(NEW, today=TODAY), tmp_path)
    assert refusal(path) == [
        ("placeholder_region", "Info!B1"),
        ("placeholder_name", "Info!B2"),
        ("empty_template", "Dimensi!C2"),
    ]
    result = run("import", str(path), "--out", str(tmp_path / "out.json"), "--json")
    assert result.returncode == 2
    problems = json.loads(result.stderr)["problems"]
    assert [p["location"] for p in problems] == ["Info!B1", "Info!B2", "Dimensi!C2"]


def test_placeholders_are_refused_even_with_values(tmp_path: Path) -> None:
    assert refusal(filled(tmp_path, code="00.00")) == [("placeholder_region", "Info!B1")]
    assert refusal(filled(tmp_path, name="nama kabupaten/kota")) == [
        ("placeholder_name", "Info!B2")
    ]
    assert refusal(filled(tmp_path, name="  ")) == [("missing", "Info!B2")]  # said once


def test_a_code_on_no_list_is_refused_a_name_off_the_list_warned(tmp_path: Path) -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        read_workbook(filled(tmp_path, code="72.17"))
    [problem] = caught.value.problems
    assert (problem.code, problem.location) == ("unknown_region_code", "Info!B1")
    assert problem.message.endswith("Kota Palu is 72.71")
    path = filled(tmp_path, name="Kabupaten Sigi")
    with pytest.warns(RegionWarning, match=r"Info!B2: 72\.71 is Kota Palu .*Sigi is 72\.10"):
        assert read_workbook(path).region.name == "Kabupaten Sigi"
    notices: list[Problem] = []
    read_workbook(path, notices=notices)
    assert [(p.code, p.location) for p in notices] == [("region_name_differs", "Info!B2")]
    assert read_workbook(filled(tmp_path, code="91.01", name="Kabupaten Merauke"), notices=[])


def test_a_code_that_became_a_number_is_read_back_with_a_warning(tmp_path: Path) -> None:
    path = filled(tmp_path, name="Kabupaten Aceh Singkil")
    workbook = load_workbook(path)
    workbook["Info"]["B1"] = 11.1  # what "11.10" becomes in a cell not formatted as text
    workbook.save(path)
    notices: list[Problem] = []
    assert read_workbook(path, notices=notices).region.code == "11.10"
    assert [(p.code, p.location, p.expected) for p in notices] == [
        ("region_code_number", "Info!B1", "11.10")
    ]


def test_a_share_typed_as_text_may_have_a_decimal_comma(tmp_path: Path) -> None:
    path = filled(tmp_path)
    workbook = load_workbook(path)
    workbook["Dimensi"]["D2"] = "85,5"
    workbook.save(path)
    assert str(read_workbook(path).dimensions["bantuan-hukum"].proses) == "85.5"


def test_older_templates_are_still_read(tmp_path: Path) -> None:
    # written before issue 9: no Petunjuk, no protection, the keys visible, the name empty
    workbook = template_workbook(NEW, 2022, today=TODAY)
    del workbook["Petunjuk"]
    for sheet in workbook.worksheets:
        sheet.protection.sheet = False
        for letter in "AC":
            sheet.column_dimensions[letter].hidden = False
    info, dims = workbook["Info"], workbook["Dimensi"]
    info["B2"] = None
    path = saved(workbook, tmp_path, "old.xlsx")
    assert refusal(path) == [
        ("placeholder_region", "Info!B1"),
        ("missing", "Info!B2"),
        ("empty_template", "Dimensi!C2"),
    ]
    info["B1"], info["B2"] = "72.71", "Kota Palu"
    for row in range(2, dims.max_row + 1):
        dims.cell(row, 5).value = 80
    submission = read_workbook(saved(workbook, tmp_path, "old.xlsx"))
    assert (submission.region.code, submission.assessment_year) == ("72.71", 2022)
    assert kkpham_rules.evaluate(submission).total_score == "48.00"


def test_a_filled_template_imports_and_scores(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("import", str(filled(tmp_path)), "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["region"] == {"code": "72.71", "name": "Kota Palu"}
    assert data["assessment_year"] == 2025

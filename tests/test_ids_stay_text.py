"""Every writer keeps ids as text: a region code ``11.10`` is never the number 11.1."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

import kkpham_rules
from kkpham_rules.cli import main

from .conftest import dimension_submission

CODES = ["11.10", "07.01", "72.70"]


def write_cohort(folder: Path, regulation: kkpham_rules.Regulation) -> list[Path]:
    paths = []
    for code in CODES:
        submission = dimension_submission(regulation, lambda r, d: "85.50")
        submission["region"] = {"code": code, "name": f"Kota {code}"}
        path = folder / f"{code}.json"
        path.write_text(json.dumps(submission))
        paths.append(path)
    return paths


def workbook_column(path: Path, header: str) -> list[object]:
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(header)
    return [row[column] for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_keeps_region_codes(tmp_path: Path, fmt: str) -> None:
    regulation = kkpham_rules.get_regulation("22/2021")
    files = [str(p) for p in write_cohort(tmp_path, regulation)]
    out = tmp_path / f"out.{fmt}"
    assert main(["export", *files, "--format", fmt, "--out", str(out)]) == 0
    if fmt == "xlsx":
        assert workbook_column(out, "region_code") == CODES
        assert workbook_column(out, "total_score") == [pytest.approx(85.5)] * 3  # numbers stay
    else:
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
        assert [row["region_code"] for row in rows] == CODES


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_compare_keeps_region_codes(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    regulation = kkpham_rules.get_regulation("22/2021")
    files = [str(p) for p in write_cohort(tmp_path, regulation)]
    out = tmp_path / "compare.xlsx"
    extra = ["--xlsx", str(out)] if fmt == "xlsx" else ["--csv"]
    assert main(["compare", *files, "--regulations", "34/2016,22/2021", *extra]) == 0
    if fmt == "xlsx":
        assert workbook_column(out, "region_code") == CODES
        totals = workbook_column(out, "22/2021 total")
        assert all(isinstance(total, int | float) for total in totals)
    else:
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert [row["region_code"] for row in rows] == CODES

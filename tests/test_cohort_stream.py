"""The CSV cohort reader's fast path (issue 9): the answers of the general rows path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kkpham_rules.errors import SubmissionError
from kkpham_rules.files.cohort import from_rows, read_csv
from kkpham_rules.submission import Submission

HEADER = "region_code;region_name;assessment_year;right;struktur;proses;hasil\n"
GOOD = (
    HEADER
    + " 72.71 ;Kota Palu ;2022;informasi; 85,5 ;90;\n"
    + "\n"
    + ";;;;;;\n"
    + "72.71;Kota Palu;2022;air;100;\n"  # a short row: its missing cells are empty
    + "11.01;Kota 11.01 (SINTETIS);2023;air;1;2;3\n"
    + "72.71;Kota Palu;2022;kesehatan;0.5;;  \n"
)
BROKEN = (
    HEADER
    + "72.71;Kota Palu;2022;informasi;85,5;90;80\n"
    + "72.71;Kota Palu;2022;informasi;85;90;80\n"  # twice
    + "72.71;Palu;2022;air;1.234,5;85,5%;101\n"  # another name, bad shares
    + ";Kota Palu;;air;1;2;3\n"  # no code, no year
    + "99.99;Nowhere;2022;air;1;2;3\n"
    + "72.71;Kota Palu;20x2;air;1;2;3\n"
)


def from_dict_rows(text: str) -> list[Submission]:
    """Read the text the general way: a mapping per line, placed as read_csv places cells."""
    lines: list[int] = []
    rows = []
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    start = reader.line_num
    for row in reader:
        if any(cell.strip() for cell in row.values() if cell):
            lines.append(start + 1)
            rows.append({k: v for k, v in row.items() if v is not None})
        start = reader.line_num
    return from_rows(rows, lambda index, column: f"line {lines[index]}, column {column}")


@pytest.mark.parametrize("text", [GOOD, BROKEN], ids=["good", "broken"])
def test_csv_reads_as_the_rows_path_does(tmp_path: Path, text: str) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(text, encoding="utf-8")
    try:
        expected: object = [s.model_dump() for s in from_dict_rows(text)]
    except SubmissionError as error:
        expected = error.problems
    try:
        got: object = [s.model_dump() for s in read_csv(path, notices=[])]
    except SubmissionError as error:
        got = error.problems
    assert got == expected
    assert got

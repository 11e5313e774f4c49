"""Spreadsheets: fill-in workbook templates and reading them back, cell by cell.

Regional staff work in spreadsheets. :func:`template_workbook` writes a
workbook per regulation (an *Info* sheet for the region and year, an
*Indikator* sheet with one row per indicator, a *Dimensi* sheet with one row
per right), with data validation on every value cell. :func:`read_workbook`
reads it back into a submission; every problem names its sheet and cell, and
nothing typed in is dropped silently: a value in a row the reader does not know
is an error, not ignored.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from attrs import frozen
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .cohort import CSV_COLUMNS, from_rows
from .describe import describe_rule
from .engine import PLACEHOLDER_REGION_CODE, check_submission
from .errors import Problem, SubmissionError, json_pointer
from .model import Dimension, Regulation
from .registry import Registry, default_registry
from .rules import Rule, ValueKind
from .submission import Submission, parse_submission

__all__ = [
    "LABELS",
    "is_template_workbook",
    "read_cohort_workbook",
    "read_workbook",
    "template_workbook",
]

Lang = Literal["id", "en"]

LABELS: dict[str, dict[Lang, str]] = {
    "info": {"id": "Info", "en": "Info"},
    "indicators": {"id": "Indikator", "en": "Indicators"},
    "dimensions": {"id": "Dimensi", "en": "Dimensions"},
    "region_code": {"id": "Kode wilayah (Kemendagri)", "en": "Region code (Kemendagri)"},
    "region_name": {"id": "Nama kabupaten/kota", "en": "Regency/city name"},
    "assessment_year": {"id": "Tahun data yang dinilai", "en": "Data year assessed"},
    "regulation": {"id": "Peraturan", "en": "Regulation"},
    "id": {"id": "Kode", "en": "Id"},
    "right": {"id": "Hak", "en": "Right"},
    "right_name": {"id": "Nama hak", "en": "Right name"},
    "dimension": {"id": "Dimensi", "en": "Dimension"},
    "wording": {"id": "Uraian indikator", "en": "Indicator"},
    "unit": {"id": "Satuan", "en": "Unit"},
    "rule": {"id": "Cara penilaian", "en": "Scoring rule"},
    "evidence_asked": {"id": "Data dukung", "en": "Evidence asked"},
    "value": {"id": "Nilai", "en": "Value"},
    "evidence": {"id": "Bukti (pisahkan dengan ;)", "en": "Evidence (separate with ;)"},
    "note": {"id": "Catatan", "en": "Note"},
    "struktur": {"id": "struktur", "en": "structure (struktur)"},
    "proses": {"id": "proses", "en": "process (proses)"},
    "hasil": {"id": "hasil", "en": "outcome (hasil)"},
}
"""Sheet and column labels in Indonesian and English."""

_INFO_KEYS = ("region_code", "region_name", "assessment_year", "regulation")
_INDICATOR_COLUMNS = (
    "id", "right", "dimension", "wording", "unit", "rule", "evidence_asked",
    "value", "evidence", "note",
)  # fmt: skip
_DIMENSION_COLUMNS = ("right", "right_name", "struktur", "proses", "hasil")
_FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in


def _label(key: str, lang: Lang) -> str:
    return LABELS[key][lang] if key in LABELS else key


def template_workbook(
    regulation: Regulation, year: int | None = None, lang: Lang = "id"
) -> Workbook:
    """Return a fill-in workbook for ``regulation`` (labels in ``lang``)."""
    workbook = Workbook()
    info = workbook.active
    assert isinstance(info, Worksheet)
    info.title = _label("info", lang)
    values: dict[str, str | int] = {
        "region_code": PLACEHOLDER_REGION_CODE,
        "region_name": "",
        "assessment_year": year
        if year is not None
        else (regulation.governs.last or regulation.governs.first),
        "regulation": regulation.id,
    }
    for row, key in enumerate(_INFO_KEYS, start=1):
        info.cell(row, 1, _label(key, lang)).font = Font(bold=True)
        info.cell(row, 2, values[key]).fill = _FILL
        info.cell(row, 3, key)  # machine key, read back
    info.column_dimensions["A"].width = 32
    info.column_dimensions["B"].width = 40

    sheet = workbook.create_sheet(_label("indicators", lang))
    for column, key in enumerate(_INDICATOR_COLUMNS, start=1):
        sheet.cell(1, column, _label(key, lang)).font = Font(bold=True)
    for row, indicator in enumerate(regulation.indicators, start=2):
        cells = [
            indicator.id, indicator.right_id, indicator.dimension.value,
            indicator.wording_id if lang == "id" else indicator.wording_en, indicator.unit,
            describe_rule(indicator.rule, indicator.unit), "; ".join(indicator.evidence),
        ]  # fmt: skip
        for column, value in enumerate(cells, start=1):
            sheet.cell(row, column, value)
        for column in (8, 9, 10):
            sheet.cell(row, column).fill = _FILL
        validation = _validation(indicator.value_kind, indicator.rule)
        sheet.add_data_validation(validation)
        validation.add(sheet.cell(row, 8))

    dims = workbook.create_sheet(_label("dimensions", lang))
    for column, key in enumerate(_DIMENSION_COLUMNS, start=1):
        dims.cell(1, column, _label(key, lang)).font = Font(bold=True)
    share = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        error="0-100",
        errorTitle=_label("value", lang),
    )
    dims.add_data_validation(share)
    for row, right in enumerate(regulation.rights, start=2):
        dims.cell(row, 1, right.id)
        dims.cell(row, 2, right.name_id if lang == "id" else right.name_en)
        for column, dimension in enumerate(Dimension, start=3):
            cell = dims.cell(row, column)
            if regulation.indicators_for(right.id, dimension):
                cell.value = None  # given through its indicators
            else:
                cell.fill = _FILL
                share.add(cell)
    return workbook


def _validation(kind: ValueKind, rule: Rule) -> DataValidation:
    common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True}
    if kind is ValueKind.BOOLEAN:
        return DataValidation(type="list", formula1='"TRUE,FALSE"', **common)
    codes = rule.level_codes()
    if codes:
        return DataValidation(type="list", formula1=f'"{",".join(codes)}"', **common)
    if kind is ValueKind.PERCENT:
        return DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", **common
        )
    if kind is ValueKind.COUNT:
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **common)
    return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **common)


def _cell_value(value: Any) -> Any:
    """Return a spreadsheet cell's value as submission data (numbers exact)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if text.upper() in ("TRUE", "YA", "ADA"):
        return True
    if text.upper() in ("FALSE", "TIDAK", "TIDAK ADA"):
        return False
    return text or None


@frozen
class _Book:
    """A workbook opened twice: cached values, and formulas (to catch unsaved results)."""

    values: Any
    formulas: Any

    def sheet(self, key: str) -> tuple[Any, Any] | None:
        """Return (values, formulas) of the sheet titled ``key`` in either language."""
        titles = {LABELS[key]["id"], LABELS[key]["en"]}
        for values, formulas in zip(self.values.worksheets, self.formulas.worksheets, strict=True):
            if values.title in titles:
                return values, formulas
        return None


def _open(path: Path) -> _Book:
    try:
        return _Book(load_workbook(path, data_only=True), load_workbook(path, data_only=False))
    except Exception as error:  # openpyxl raises many kinds for a non-workbook
        raise SubmissionError(
            f"cannot read {path} as a workbook",
            [Problem("not_a_workbook", "", f"{type(error).__name__}: {error}")],
        ) from error


def is_template_workbook(path: Path) -> bool:
    """Return whether a workbook is a filled-in template (it has an Info sheet)."""
    return _open(path).sheet("info") is not None


def _read(sheet: tuple[Any, Any], row: int, column: int, problems: list[Problem]) -> Any:
    """Return one cell's value as data; a formula without a saved result is a problem."""
    values, formulas = sheet
    cell = values.cell(row, column)
    where = f"{values.title}!{cell.coordinate}"
    if cell.value is None and formulas.cell(row, column).data_type == "f":
        problems.append(
            Problem(
                "formula_without_value",
                "",
                "a formula with no saved result: open and save the file in a "
                "spreadsheet program, or type the value",
                location=where,
            )
        )
        return None
    value = _cell_value(cell.value)
    if isinstance(value, Decimal) and "%" in str(cell.number_format):
        value = value * 100  # a cell shown as 85.5% holds 0.855
    return value


def _stray(sheet: tuple[Any, Any], first_column: int, rows: range, problems: list[Problem]) -> None:
    """Report every non-empty cell from ``first_column`` on: nothing typed is ignored."""
    values, formulas = sheet
    for row in rows:
        for column in range(first_column, values.max_column + 1):
            cell = values.cell(row, column)
            # a formula saved without its result has no value but was typed all the same
            if cell.value not in (None, "") or formulas.cell(row, column).value not in (None, ""):
                problems.append(
                    Problem(
                        "value_outside_template",
                        "",
                        "a value outside the cells the template reads",
                        location=f"{values.title}!{cell.coordinate}",
                    )
                )


def read_cohort_workbook(path: Path) -> list[Submission]:
    """Return the submissions in a workbook whose first sheet has the dimension-level layout.

    The first row holds :data:`~kkpham_rules.cohort.CSV_COLUMNS`; every
    problem's ``location`` is the cell (``"Sheet1!G7"``).
    """
    book = _open(path)
    sheet = (book.values.worksheets[0], book.formulas.worksheets[0])
    title = sheet[0].title
    header = tuple(sheet[0].cell(1, c).value for c in range(1, sheet[0].max_column + 1))
    if header != CSV_COLUMNS:
        raise SubmissionError(
            f"{path.name}: the first row must be exactly {','.join(CSV_COLUMNS)}",
            [
                Problem(
                    "bad_header",
                    "",
                    "unexpected header",
                    ",".join(CSV_COLUMNS),
                    ",".join(str(h) for h in header),
                    f"{title}!A1",
                )
            ],
        )
    problems: list[Problem] = []
    rows, row_numbers = [], []
    for row in range(2, sheet[0].max_row + 1):
        data = {key: _read(sheet, row, c, problems) for c, key in enumerate(CSV_COLUMNS, start=1)}
        if any(value is not None for value in data.values()):
            rows.append(data)
            row_numbers.append(row)
    if problems:
        raise SubmissionError(f"{path.name}: {len(problems)} problem(s)", problems)
    letters = {name: "ABCDEFG"[i] for i, name in enumerate(CSV_COLUMNS)}
    return from_rows(rows, lambda index, column: f"{title}!{letters[column]}{row_numbers[index]}")


def read_workbook(path: Path, *, registry: Registry | None = None) -> Submission:
    """Return the submission in a filled-in template workbook.

    Raises :class:`SubmissionError`; each problem's ``location`` is
    ``"Sheet!A1"``. Sheets are found by their titles in either language. Nothing
    typed is ignored: a value outside the cells the template reads, a row given
    twice, a formula without a saved result, or an edited indicator row is an
    error; a cell formatted as a percentage is read as shown (85.5%, not 0.855).
    """
    book = _open(path)
    sheets = {key: book.sheet(key) for key in ("info", "indicators", "dimensions")}
    absent = [LABELS[k]["id"] for k, v in sheets.items() if v is None]
    if absent:
        raise SubmissionError(
            f"{path.name} is not a kkpham template",
            [Problem("not_a_template", "", f"no sheet called {', '.join(absent)}")],
        )
    info, indicators, dimensions = (sheets[k] for k in ("info", "indicators", "dimensions"))
    assert info is not None
    assert indicators is not None
    assert dimensions is not None
    where: dict[str, str] = {}
    problems: list[Problem] = []
    fields: dict[str, Any] = {}
    for row in range(1, info[0].max_row + 1):
        key = info[0].cell(row, 3).value
        if key in _INFO_KEYS:
            if key in fields:
                problems.append(
                    Problem(
                        "duplicate_row",
                        "",
                        f"{key} is given twice",
                        location=f"{info[0].title}!B{row}",
                    )
                )
            fields[str(key)] = _read(info, row, 2, problems)
            where[str(key)] = f"{info[0].title}!B{row}"
        else:
            _stray(info, 1, range(row, row + 1), problems)
    _stray(info, 4, range(1, info[0].max_row + 1), problems)
    year = fields.get("assessment_year")
    data: dict[str, Any] = {
        "region": {
            "code": str(fields.get("region_code") or ""),
            "name": str(fields.get("region_name") or ""),
        },
        "assessment_year": int(year)
        if isinstance(year, Decimal) and year == year.to_integral()
        else year,
        "indicators": {},
        "dimensions": {},
    }
    if fields.get("regulation"):
        data["regulation"] = str(fields["regulation"])
    where |= {
        "/region/code": where.get("region_code", ""),
        "/region/name": where.get("region_name", ""),
        "/assessment_year": where.get("assessment_year", ""),
        "/regulation": where.get("regulation", ""),
    }
    listed: dict[str, tuple[str, str, int]] = {}
    for row in range(2, indicators[0].max_row + 1):
        indicator_id = indicators[0].cell(row, 1).value
        if indicator_id is None:  # a row the template did not write: any value in it is stray
            _stray(indicators, 2, range(row, row + 1), problems)
            continue
        value, evidence, note = (_read(indicators, row, c, problems) for c in (8, 9, 10))
        _stray(indicators, 11, range(row, row + 1), problems)
        indicator_id = str(indicator_id)
        if indicator_id in listed:
            problems.append(
                Problem(
                    "duplicate_row",
                    "",
                    f"indicator {indicator_id} is listed twice",
                    location=f"{indicators[0].title}!A{row}",
                )
            )
            continue
        listed[indicator_id] = (
            str(indicators[0].cell(row, 2).value),
            str(indicators[0].cell(row, 3).value),
            row,
        )
        if value is None and evidence is None and note is None:
            continue
        pointer = json_pointer(["indicators", indicator_id])
        entry: dict[str, Any] = {"value": value}
        if evidence:
            entry["evidence"] = [part.strip() for part in str(evidence).split(";") if part.strip()]
        if note:
            entry["note"] = str(note)
        data["indicators"][indicator_id] = entry
        where[pointer] = f"{indicators[0].title}!H{row}"
    seen_rights: set[str] = set()
    for row in range(2, dimensions[0].max_row + 1):
        right_id = dimensions[0].cell(row, 1).value
        if right_id is None:  # a row the template did not write: any value in it is stray
            _stray(dimensions, 2, range(row, row + 1), problems)
            continue
        shares = {
            d.value: _read(dimensions, row, column, problems)
            for column, d in enumerate(Dimension, start=3)
        }
        _stray(dimensions, 6, range(row, row + 1), problems)
        given = {k: v for k, v in shares.items() if v is not None}
        right_id = str(right_id)
        if right_id in seen_rights:
            problems.append(
                Problem(
                    "duplicate_row",
                    "",
                    f"right {right_id} is listed twice",
                    location=f"{dimensions[0].title}!A{row}",
                )
            )
            continue
        seen_rights.add(right_id)
        if given:
            data["dimensions"][right_id] = given
            for column, dimension in enumerate(Dimension, start=3):
                letter = "CDE"[column - 3]
                where[json_pointer(["dimensions", right_id, dimension.value])] = (
                    f"{dimensions[0].title}!{letter}{row}"
                )
            where[json_pointer(["dimensions", right_id])] = f"{dimensions[0].title}!A{row}"
    try:
        submission = parse_submission(data)
    except SubmissionError as error:
        raise SubmissionError(
            f"{path.name}: {len(error.problems) + len(problems)} problem(s)",
            [*problems, *(_located(p, where) for p in error.problems)],
        ) from error
    registry = registry or default_registry()
    regulation = (
        registry.get(submission.regulation)
        if submission.regulation
        else registry.in_force(submission.assessment_year)
    )
    for indicator_id, (right_text, dimension_text, row) in listed.items():
        indicator = regulation.indicator(indicator_id)
        declared = (indicator.right_id, indicator.dimension.value) if indicator else None
        if declared is not None and (right_text, dimension_text) != declared:
            problems.append(
                Problem(
                    "edited_template",
                    "",
                    f"the right or dimension of {indicator_id} was changed",
                    " / ".join(declared),
                    f"{right_text} / {dimension_text}",
                    f"{indicators[0].title}!B{row}",
                )
            )
    _, found = check_submission(submission, regulation)
    problems += [_located(p, where) for p in found]
    if problems:
        raise SubmissionError(f"{path.name}: {len(problems)} problem(s)", problems)
    return submission


def _located(problem: Problem, where: dict[str, str]) -> Problem:
    """Return the problem with the cell its pointer came from (longest match)."""
    pointer = problem.pointer
    while pointer and pointer not in where:
        pointer = pointer.rsplit("/", 1)[0]
    location = where.get(pointer) or None
    return Problem(
        problem.code, problem.pointer, problem.message, problem.expected, problem.received, location
    )

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
from .rules import OrdinalRule, ValueKind
from .submission import Submission, parse_submission

__all__ = [
    "LABELS",
    "load_workbook_sheet_count",
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


def _validation(kind: ValueKind, rule: Any) -> DataValidation:
    common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True}
    if kind is ValueKind.BOOLEAN:
        return DataValidation(type="list", formula1='"TRUE,FALSE"', **common)
    if isinstance(rule, OrdinalRule):
        codes = ",".join(level.code for level in rule.levels)
        return DataValidation(type="list", formula1=f'"{codes}"', **common)
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
    text = str(value).strip()
    if text.upper() in ("TRUE", "YA", "ADA"):
        return True
    if text.upper() in ("FALSE", "TIDAK", "TIDAK ADA"):
        return False
    return text or None


def read_cohort_workbook(path: Path) -> list[Submission]:
    """Return the submissions in a workbook whose first sheet has the dimension-level layout.

    The first row holds :data:`~kkpham_rules.cohort.CSV_COLUMNS`; every
    problem's ``location`` is the cell (``"Sheet1!G7"``).
    """
    sheet = _open(path).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    if tuple(header[: len(CSV_COLUMNS)]) != CSV_COLUMNS:
        raise SubmissionError(
            f"{path.name}: the first row must be {','.join(CSV_COLUMNS)}",
            [
                Problem(
                    "bad_header",
                    "",
                    "unexpected header",
                    ",".join(CSV_COLUMNS),
                    ",".join(str(h) for h in header),
                    f"{sheet.title}!A1",
                )
            ],
        )
    rows = [
        {key: _cell_value(value) for key, value in zip(CSV_COLUMNS, values, strict=False)}
        for values in sheet.iter_rows(min_row=2, values_only=True)
        if any(value not in (None, "") for value in values)
    ]
    letters = {name: "ABCDEFG"[i] for i, name in enumerate(CSV_COLUMNS)}
    return from_rows(rows, lambda index, column: f"{sheet.title}!{letters[column]}{index + 2}")


def load_workbook_sheet_count(path: Path) -> int:
    """Return how many sheets a workbook has (raise ``SubmissionError`` if unreadable)."""
    return len(_open(path).worksheets)


def _open(path: Path) -> Any:
    try:
        return load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a non-workbook
        raise SubmissionError(
            f"cannot read {path} as a workbook",
            [Problem("not_a_workbook", "", f"{type(error).__name__}: {error}")],
        ) from error


def read_workbook(path: Path, *, registry: Registry | None = None) -> Submission:
    """Return the submission in a filled-in template workbook.

    Raises :class:`SubmissionError`; each problem's ``location`` is
    ``"Sheet!A1"``. The workbook's sheets are found by position (Info,
    indicators, dimensions), so either language's template reads back.
    """
    workbook = _open(path)
    if len(workbook.worksheets) < 3:
        raise SubmissionError(
            "not a kkpham template", [Problem("not_a_template", "", "expected 3 sheets")]
        )
    info, indicators, dimensions = workbook.worksheets[:3]
    where: dict[str, str] = {}
    problems: list[Problem] = []
    fields: dict[str, Any] = {}
    for row in range(1, info.max_row + 1):
        key = str(info.cell(row, 3).value)
        if key in _INFO_KEYS:
            fields[key] = _cell_value(info.cell(row, 2).value)
            where[key] = f"{info.title}!B{row}"
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
    for row in range(2, indicators.max_row + 1):
        indicator_id = indicators.cell(row, 1).value
        value, evidence, note = (indicators.cell(row, c).value for c in (8, 9, 10))
        if indicator_id is None:
            if any(v not in (None, "") for v in (value, evidence, note)):
                problems.append(
                    Problem(
                        "value_without_indicator",
                        "",
                        "a value in a row with no indicator id",
                        location=f"{indicators.title}!H{row}",
                    )
                )
            continue
        if value is None and evidence is None and note is None:
            continue
        pointer = json_pointer(["indicators", str(indicator_id)])
        entry: dict[str, Any] = {"value": _cell_value(value)}
        if evidence:
            entry["evidence"] = [part.strip() for part in str(evidence).split(";") if part.strip()]
        if note:
            entry["note"] = str(note)
        data["indicators"][str(indicator_id)] = entry
        where[pointer] = f"{indicators.title}!H{row}"
    for row in range(2, dimensions.max_row + 1):
        right_id = dimensions.cell(row, 1).value
        shares = {
            d.value: _cell_value(dimensions.cell(row, column).value)
            for column, d in enumerate(Dimension, start=3)
        }
        given = {k: v for k, v in shares.items() if v is not None}
        if right_id is None:
            if given:
                problems.append(
                    Problem(
                        "value_without_right",
                        "",
                        "shares in a row with no right id",
                        location=f"{dimensions.title}!C{row}",
                    )
                )
            continue
        if given:
            data["dimensions"][str(right_id)] = given
            for column, dimension in enumerate(Dimension, start=3):
                letter = "CDE"[column - 3]
                where[json_pointer(["dimensions", str(right_id), dimension.value])] = (
                    f"{dimensions.title}!{letter}{row}"
                )
            where[json_pointer(["dimensions", str(right_id)])] = f"{dimensions.title}!A{row}"
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

"""Evaluations out of the library: flat rows, CSV, XLSX and DataFrames.

One flat row per evaluation (region, year, regulation, total, category and
each right's score) serves every tabular format. DataFrames need pandas
(the ``[dataframe]`` extra); it is imported only when asked for.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import KkphamError

if TYPE_CHECKING:
    from .result import Evaluation

__all__ = [
    "DataFrameUnavailableError",
    "evaluation_rows",
    "is_evaluation_number",
    "rows_csv",
    "rows_xlsx",
    "to_dataframe",
]

Lang = Literal["id", "en"]


def evaluation_rows(evaluations: Iterable[Evaluation], lang: Lang = "id") -> list[dict[str, str]]:
    """Return one flat row per evaluation; right columns named by right id."""
    rows = []
    for evaluation in evaluations:
        category = evaluation.category
        row = {
            "region_code": evaluation.region.code,
            "region_name": evaluation.region.name,
            "assessment_year": str(evaluation.assessment_year),
            "regulation": evaluation.regulation.id,
            "regulation_revision": str(evaluation.regulation.revision),
            "total_score": evaluation.total_score,
            "category": category.code,
            "category_label": category.label_id if lang == "id" else category.label_en,
            "awarded": "true" if category.awarded else "false",
        }
        row |= {f"right:{right.id}": right.score for right in evaluation.rights}
        row["warnings"] = str(len(evaluation.warnings))
        rows.append(row)
    return rows


def is_evaluation_number(column: str) -> bool:
    """Return whether a column of :func:`evaluation_rows` holds a number (scores, counts).

    Everything else (region codes such as ``11.10``, names, category codes) is an
    id or a label and is written as text, so no spreadsheet turns ``11.10`` into 11.1.
    """
    return column in _EVALUATION_NUMBERS or column.startswith("right:")


_EVALUATION_NUMBERS = frozenset(
    {"total_score", "assessment_year", "regulation_revision", "warnings"}
)


def _header(rows: Sequence[dict[str, str]]) -> list[str]:
    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    return header


def rows_csv(rows: Sequence[dict[str, str]]) -> str:
    """Return rows as CSV text; rows of several regulations share one header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_header(rows), lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def rows_xlsx(
    rows: Sequence[dict[str, str]],
    path: Path,
    sheet: str = "Hasil",
    is_number: Callable[[str], bool] = is_evaluation_number,
) -> None:
    """Write rows as a workbook: the columns ``is_number`` names as exact numbers, the rest as text.

    Ids are always text: a region code ``11.10`` stays ``11.10``.
    """
    # openpyxl takes ~70 ms to import: only a command that writes a workbook pays it
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    header = _header(rows)
    for column, name in enumerate(header, start=1):
        _put(worksheet.cell(1, column), name).font = Font(bold=True)
    numeric = [is_number(key) for key in header]
    for number, row in enumerate(rows, start=2):
        for column, key in enumerate(header, start=1):
            _put(worksheet.cell(number, column), row.get(key, ""), numeric[column - 1])
    workbook.save(path)


_NUMBER = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,12})?", re.ASCII)


def _put(cell: Any, text: str, number: bool = False) -> Any:
    """Write a number column's decimal as a number and anything else as text, never a formula.

    A region name such as ``=HYPERLINK(...)`` would otherwise become a live
    formula in the reader's spreadsheet program.
    """
    if number and _NUMBER.fullmatch(text):
        cell.value = Decimal(text)
    else:
        cell.value = text
        cell.data_type = "s"
    return cell


def to_dataframe(evaluations: Iterable[Evaluation], lang: Lang = "id") -> Any:
    """Return a pandas DataFrame with one row per evaluation (needs the ``[dataframe]`` extra)."""
    try:
        pandas = importlib.import_module("pandas")
    except ImportError as error:
        raise DataFrameUnavailableError(
            "DataFrames need pandas: pip install 'kkpham-rules[dataframe]'"
        ) from error
    return pandas.DataFrame(evaluation_rows(evaluations, lang))


class DataFrameUnavailableError(KkphamError):
    """pandas is not installed."""

    code = "dataframe_unavailable"

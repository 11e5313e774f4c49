"""Evaluations out of the library: flat rows, CSV, XLSX and DataFrames.

One flat row per evaluation (region, year, regulation, total, category and
each right's score) serves every tabular format. DataFrames need pandas
(the ``[dataframe]`` extra); it is imported only when asked for.

In a DataFrame, scores are numbers for analysis: each float is the double
nearest the exact decimal string of the JSON (``float("81.22")``), never a
recomputation, and the exact strings stay in :meth:`Evaluation.to_json()
<kkpham_rules.result.Evaluation.to_json>`. Ids such as region code ``11.10``
stay text. :func:`typed_frame` builds every DataFrame the library returns
(:meth:`Evaluation.to_dataframe <kkpham_rules.result.Evaluation.to_dataframe>`,
and the cohort, simulation and sensitivity results' ``to_dataframe``).
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from ..errors import (
    DataFrameUnavailableError,
    InputError,
    Problem,
    RegulationNotFoundError,
)
from ..messages import Lang

if TYPE_CHECKING:
    from ..model import Category, Regulation
    from ..registry import Registry
    from ..result import Evaluation, RightResult

__all__ = [
    "ColumnKind",
    "DataFrameUnavailableError",
    "categories_scored_under",
    "decimal_float",
    "evaluation_rows",
    "is_evaluation_number",
    "rows_csv",
    "rows_xlsx",
    "to_dataframe",
    "typed_frame",
]

Level = Literal["summary", "rights", "dimensions"]
"""The rows of an evaluation DataFrame: one per evaluation, per right, or per right and
dimension (see :meth:`Evaluation.to_dataframe <kkpham_rules.result.Evaluation.to_dataframe>`)."""
ColumnKind = Literal["text", "float", "int", "optional_int", "bool"]
"""What a DataFrame column holds: text (ids, names, codes), a float, an integer,
an integer that may be missing (pandas' nullable ``Int64``), or a boolean."""


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
    path: Path | IO[bytes],
    sheet: str = "Hasil",
    is_number: Callable[[str], bool] = is_evaluation_number,
    columns: Sequence[str] | None = None,
) -> None:
    """Write rows as a workbook: the columns ``is_number`` names as exact numbers, the rest as text.

    Ids are always text: a region code ``11.10`` stays ``11.10``. ``path`` is a
    file or a binary stream; ``columns`` is the header (default: every key of
    the rows, in the order they first appear).
    """
    # openpyxl takes ~70 ms to import: only a command that writes a workbook pays it
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .workbooks import save_workbook

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    header = list(columns) if columns is not None else _header(rows)
    for column, name in enumerate(header, start=1):
        _put(worksheet.cell(1, column), name).font = Font(bold=True)
    numeric = [is_number(key) for key in header]
    for number, row in enumerate(rows, start=2):
        for column, key in enumerate(header, start=1):
            _put(worksheet.cell(number, column), row.get(key, ""), numeric[column - 1])
    save_workbook(workbook, path)  # the same rows, the same bytes


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


def to_dataframe(
    evaluations: Iterable[Evaluation], lang: Lang = "id", level: Level = "summary"
) -> Any:
    """Return a pandas DataFrame of evaluations (needs the ``[dataframe]`` extra).

    With ``level="summary"``, one row per evaluation: the columns of
    :func:`evaluation_rows`, typed for analysis: ``total_score`` and every
    ``right:<id>`` are ``float64`` (NaN where a row's regulation has no such
    right), ``assessment_year``, ``regulation_revision`` and ``warnings``
    ``int64``, ``awarded`` a boolean; the rest (region code and name,
    regulation, category code and label) text. With ``"rights"`` or
    ``"dimensions"``, the rows of each evaluation's
    :meth:`~kkpham_rules.result.Evaluation.to_dataframe` at that level, one
    after the other.

    Each float is the double nearest the decimal string in the evaluation's
    JSON, which stays the exact figure. Raises :class:`DataFrameUnavailableError`
    without pandas.
    """
    if level == "summary":
        rows = evaluation_rows(evaluations, lang)
        kinds = {column: _evaluation_kind(column) for column in _header(rows)}
        typed = [
            {column: _typed(row.get(column), kinds[column]) for column in kinds} for row in rows
        ]
        return typed_frame(typed, kinds)
    if level == "rights":
        return typed_frame([r for e in evaluations for r in _right_rows(e, lang)], _RIGHT_KINDS)
    if level == "dimensions":
        return typed_frame(
            [r for e in evaluations for r in _dimension_rows(e, lang)], _DIMENSION_KINDS
        )
    raise InputError(
        "unknown DataFrame level",
        [
            Problem(
                "bad_option",
                "/level",
                f"there is no level {level!r}",
                "summary, rights or dimensions",
                str(level),
            )
        ],
    )


_HEAD_KINDS: Final[dict[str, ColumnKind]] = {
    "region_code": "text",
    "region_name": "text",
    "assessment_year": "int",
    "regulation": "text",
    "regulation_revision": "int",
    "right": "text",
    "right_name": "text",
}
_TAIL_KINDS: Final[dict[str, ColumnKind]] = {
    "total_score": "float",
    "category": "text",
    "category_label": "text",
    "awarded": "bool",
}
_RIGHT_KINDS: Final[dict[str, ColumnKind]] = {
    **_HEAD_KINDS,
    "weight": "float",
    "score": "float",
    "max_score": "float",
    "struktur_points": "float",
    "proses_points": "float",
    "hasil_points": "float",
    **_TAIL_KINDS,
}
_DIMENSION_KINDS: Final[dict[str, ColumnKind]] = {
    **_HEAD_KINDS,
    "dimension": "text",
    "source": "text",
    "achievement_percent": "float",
    "points_available": "float",
    "points_earned": "float",
    "indicators_declared": "optional_int",
    "indicators_encoded": "int",
    "indicators_unencoded": "int",
    "indicators_missing": "int",
    **_TAIL_KINDS,
}


def _right_head(evaluation: Evaluation, right: RightResult, lang: Lang) -> dict[str, Any]:
    return {
        "region_code": evaluation.region.code,
        "region_name": evaluation.region.name,
        "assessment_year": evaluation.assessment_year,
        "regulation": evaluation.regulation.id,
        "regulation_revision": evaluation.regulation.revision,
        "right": right.id,
        "right_name": right.name_id if lang == "id" else right.name_en,
    }


def _tail(evaluation: Evaluation, lang: Lang) -> dict[str, Any]:
    category = evaluation.category
    return {
        "total_score": decimal_float(evaluation.total_score),
        "category": category.code,
        "category_label": category.label_id if lang == "id" else category.label_en,
        "awarded": category.awarded,
    }


def _right_rows(evaluation: Evaluation, lang: Lang) -> list[dict[str, Any]]:
    """Return one row per right of ``evaluation`` (see :data:`_RIGHT_KINDS`)."""
    tail = _tail(evaluation, lang)
    rows = []
    for right in evaluation.rights:
        points = {f"{d.dimension}_points": decimal_float(d.points_earned) for d in right.dimensions}
        figures = {
            "weight": decimal_float(right.weight),
            "score": decimal_float(right.score),
            "max_score": decimal_float(right.max_score),
        }
        rows.append(_right_head(evaluation, right, lang) | figures | points | tail)
    return rows


def _dimension_rows(evaluation: Evaluation, lang: Lang) -> list[dict[str, Any]]:
    """Return one row per right and dimension of ``evaluation`` (see :data:`_DIMENSION_KINDS`)."""
    tail = _tail(evaluation, lang)
    rows = []
    for right in evaluation.rights:
        head = _right_head(evaluation, right, lang)
        for dimension in right.dimensions:
            figures = {
                "dimension": dimension.dimension,
                "source": dimension.source,
                "achievement_percent": decimal_float(dimension.achievement_percent),
                "points_available": decimal_float(dimension.points_available),
                "points_earned": decimal_float(dimension.points_earned),
                "indicators_declared": dimension.indicators_declared,
                "indicators_encoded": dimension.indicators_encoded,
                "indicators_unencoded": dimension.indicators_unencoded,
                "indicators_missing": len(dimension.indicators_missing),
            }
            rows.append(head | figures | tail)
    return rows


def _evaluation_kind(column: str) -> ColumnKind:
    if column == "awarded":
        return "bool"
    if column in _EVALUATION_INTEGERS:
        return "int"
    return "float" if is_evaluation_number(column) else "text"


_EVALUATION_INTEGERS = frozenset({"assessment_year", "regulation_revision", "warnings"})


def _typed(text: str | None, kind: ColumnKind) -> Any:
    """Return a cell of :func:`evaluation_rows` as the value its column holds."""
    if text is None or kind == "text":
        return text  # an absent right of another regulation: NaN in a float column
    if kind == "bool":
        return text == "true"
    return decimal_float(text) if kind == "float" else int(text)


def decimal_float(text: str | None) -> float | None:
    """Return the double nearest an exact decimal string (``None`` stays ``None``).

    Python's ``float()`` of a decimal string is correctly rounded: the same
    double as ``float(Decimal(text))``. Every float in a DataFrame comes from
    here, from the figure as written, never from arithmetic on other figures.
    """
    return None if text is None else float(text)


_DTYPES: Final[Mapping[str, Any]] = {
    # str: pandas' own text dtype (object before pandas 3, "str" from it); no
    # column of ids is ever inferred as a number, so "11.10" stays "11.10"
    "text": str,
    "float": "float64",
    "int": "int64",
    "optional_int": "Int64",
    "bool": "bool",
}


def typed_frame(rows: Sequence[Mapping[str, Any]], kinds: Mapping[str, ColumnKind]) -> Any:
    """Return a pandas DataFrame of ``rows`` with the columns ``kinds`` names, in its order.

    Every column gets the dtype of its kind (see :data:`ColumnKind`) even when
    there are no rows, so an empty result still has the promised shape; a value
    missing from a row (``None`` or absent) is NaN in a float column and
    ``<NA>`` in an ``optional_int`` one. Raises :class:`DataFrameUnavailableError`
    without pandas.
    """
    pandas = _pandas()
    return pandas.DataFrame(
        {
            column: pandas.Series([row.get(column) for row in rows], dtype=_DTYPES[kind])
            for column, kind in kinds.items()
        },
        columns=list(kinds),
    )


def _pandas() -> Any:
    # imported on use: pandas is an optional extra, and ~200 ms to import
    try:
        return importlib.import_module("pandas")
    except ImportError as error:
        raise DataFrameUnavailableError(
            "DataFrames need pandas: pip install 'kkpham-rules[dataframe]'"
        ) from error


def categories_scored_under(
    scored_under: str,
    codes: Iterable[str],
    regulation: Regulation | str | None = None,
    registry: Registry | None = None,
) -> tuple[Category, ...]:
    """Return the categories of the regulation results were scored under, best first.

    Results that hold only category codes (cohort scores, sensitivity) need
    their regulation for what the codes mean: ``regulation`` (a regulation, or
    a name looked up in ``registry``, by default the installed plugins), else
    ``scored_under`` looked up there. A variant is no installed regulation:
    pass its ``variant.regulation``. Raises
    :class:`~kkpham_rules.errors.RegulationNotFoundError` if the name is not
    found, and :class:`~kkpham_rules.errors.InputError` if a code in ``codes``
    is not a category of the regulation (the results were scored under another).
    """
    from ..model import Regulation  # here: export stays light for the commands that use it
    from ..registry import default_registry

    if not isinstance(regulation, Regulation):
        name = scored_under if regulation is None else regulation
        try:
            regulation = (registry or default_registry()).get(name)
        except RegulationNotFoundError as error:
            raise RegulationNotFoundError(
                f"the results were scored under {name!r}, which the registry does not have: "
                "pass the regulation (for a variant, its variant.regulation)",
                error.problems,
            ) from error
    known = {category.code for category in regulation.categories}
    unknown = sorted(set(codes) - known)
    if unknown:
        raise InputError(
            f"the results were not scored under {regulation.id}",
            [
                Problem(
                    "wrong_regulation",
                    "/regulation",
                    f"category {code!r} is not a category of {regulation.id}",
                    ", ".join(sorted(known)),
                    code,
                )
                for code in unknown
            ],
        )
    return tuple(sorted(regulation.categories, key=lambda category: category.lower, reverse=True))

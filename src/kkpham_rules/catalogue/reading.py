"""Reading a filled-in indicator table: its cells, each with where it stands.

:func:`read_table` reads the workbook (its *Indikator*, *Hak* and *Info*
sheets, found by their titles in either language) or the CSV file, cell by
cell, into a :class:`Table`: the rows by column key, each cell's place as the
file names it (``"Indikator!L7, column Pita nilai"``; ``"line 4, column
bands"`` in a CSV file). Columns are found by their header, in Indonesian,
English or as the column's key, in any order. What cannot be read (an unknown
or repeated column, a value outside the table's columns, a date, a formula
without a saved result) is kept as problems for the import to report with
everything else: nothing typed is ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen

from .._documents import DocumentProblem, read_bounded
from ..errors import CatalogueError, Problem, SubmissionError
from ..messages import LANGS, label
from .columns import COLUMN_KEYS, COLUMNS, column_label

__all__ = ["Cell", "RightsRow", "Table", "TableRow", "read_table"]

Cell = str | Decimal | None
"""A cell as read: text (stripped), an exact number, or empty."""


@frozen
class TableRow:
    """One row of the indicator table: its cells by column key, and where each stands.

    ``index`` counts the table's rows from 0 (``/rows/<index>`` in pointers);
    ``places`` gives each column's cell as the file names it.
    """

    index: int
    cells: Mapping[str, Cell]
    places: Mapping[str, str]


@frozen
class RightsRow:
    """One row of the *Hak* sheet: a right and the indicator counts it declares."""

    right: str
    counts: Mapping[str, Cell]
    places: Mapping[str, str]


@frozen
class Table:
    """A filled-in indicator table, read but not yet checked against a regulation.

    ``rights`` are the *Hak* sheet's rows, ``total_place`` the cell of its
    declared total and ``total`` what that cell holds (a workbook only);
    ``regulation`` is the id the *Info* sheet names and ``made_from`` the
    revision the template was made from, each with its cell; ``problems`` are
    what could not be read (unknown or repeated columns, stray values, dates,
    formulas without a saved result).
    """

    name: str
    rows: tuple[TableRow, ...]
    rights: tuple[RightsRow, ...] = ()
    regulation: tuple[str, str] | None = None
    total_place: str | None = None
    problems: tuple[Problem, ...] = ()
    total: Cell = None
    made_from: tuple[str, str] | None = None


def _headers() -> dict[str, str]:
    """Return every header a column may have (its key, its labels), folded, to its key."""
    known: dict[str, str] = {}
    for key in COLUMN_KEYS:
        known[key] = key
        for lang in LANGS:
            known[column_label(key, lang).casefold()] = key
    return known


def _known_headers() -> str:
    return ", ".join(dict.fromkeys(column_label(key, "id") for key in COLUMN_KEYS))


def _header_problems(
    header: Sequence[Cell], place: Callable[[int], str]
) -> tuple[dict[int, str], list[Problem]]:
    """Return the position of each known column, and the problems of the header row."""
    known = _headers()
    columns: dict[int, str] = {}
    problems: list[Problem] = []
    for position, text in enumerate(header):
        if text is None:
            continue
        key = known.get(str(text).strip().casefold())
        if key is None:
            problems.append(
                Problem(
                    "unknown_column",
                    "/columns",
                    f"no column is called {text!r}",
                    _known_headers(),
                    str(text),
                    place(position),
                )
            )
        elif key in columns.values():
            problems.append(
                Problem(
                    "duplicate_column",
                    f"/columns/{key}",
                    f"the column {text!r} is given twice",
                    received=str(text),
                    location=place(position),
                )
            )
        else:
            columns[position] = key
    for spec in COLUMNS:
        if spec.required and spec.key not in columns.values():
            problems.append(
                Problem(
                    "missing_column",
                    f"/columns/{spec.key}",
                    f"the table has no column {column_label(spec.key, 'en')!r}",
                    received=column_label(spec.key, "id"),
                    location=place(-1),
                )
            )
    return columns, problems


def _text_cell(value: Any) -> Cell:
    """Return a cell's value as text or an exact number (floats as written)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    return text or None


def _rows(
    grid: Sequence[Sequence[Any]],
    place: Callable[[int, int], str],
    problems: list[Problem],
) -> list[TableRow]:
    """Return the table's rows under its header row (``grid[0]``), each cell placed."""
    if not grid:
        return []
    columns, found = _header_problems(
        [_text_cell(v) for v in grid[0]], lambda position: place(0, max(position, 0))
    )
    problems += found
    heads = {position: str(grid[0][position]).strip() for position in columns}
    rows: list[TableRow] = []
    for number, raw in enumerate(grid[1:], start=1):
        values = [_text_cell(value) for value in raw]
        if all(value is None for value in values):
            continue
        cells: dict[str, Cell] = dict.fromkeys(COLUMN_KEYS)
        places: dict[str, str] = {}
        # every column the header has gets its place, also past a short row's last value
        # (a CSV record cut short): its empty cells are checked as any other
        for position, key in columns.items():
            cells[key] = values[position] if position < len(values) else None
            places[key] = f"{place(number, position)}, column {heads[position]}"
        for position, value in enumerate(values):
            if position in columns:
                continue
            if value is not None and not any(p.location == place(0, position) for p in found):
                problems.append(
                    Problem(
                        "value_outside_template",
                        f"/rows/{len(rows)}",
                        "a value in a column the table does not have",
                        location=place(number, position),
                    )
                )
        rows.append(TableRow(len(rows), cells, places))
    return rows


def read_table(path: Path) -> Table:
    """Return the indicator table in a workbook (``.xlsx``) or a CSV file.

    Raises :class:`~kkpham_rules.errors.CatalogueError` if the file cannot be
    read at all; what is wrong in it is kept in :attr:`Table.problems` so that
    the import reports it with everything else.
    """
    suffix = path.suffix.lower()
    if suffix in _WORKBOOKS:
        return _read_workbook(path)
    if suffix in _OTHER_SPREADSHEETS:
        # the old Excel and OpenDocument formats are not read: say so, rather than
        # reading their bytes as CSV text and reporting that they are not UTF-8
        problem = Problem("spreadsheet_format", "", f"{suffix} files are not read", ".xlsx", suffix)
        raise CatalogueError(f"cannot read {path.name}", [problem])
    return _read_csv(path)


_WORKBOOKS = frozenset({".xlsx", ".xlsm"})
"""Workbooks openpyxl reads (a workbook with macros is read; its macros are not run)."""

_OTHER_SPREADSHEETS = frozenset({".xls", ".xlsb", ".ods", ".numbers"})
"""Spreadsheet formats that are not read: saved again as .xlsx (or .csv), they are."""


def _read_csv(path: Path) -> Table:
    try:
        text = read_bounded(path).decode("utf-8-sig")
    except DocumentProblem as error:
        raise CatalogueError(f"cannot read {path}", [error.problem]) from error
    except UnicodeDecodeError as error:
        raise CatalogueError(
            f"cannot read {path}", [Problem("not_utf8", "", str(error))]
        ) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: list[list[str]] = []
    lines: list[int] = []
    start = 0
    for record in reader:
        grid.append(record)
        lines.append(start + 1)
        start = reader.line_num
    problems: list[Problem] = []
    # a CSV file has no cell names: "line 4, column bands" says where
    rows = _rows(grid, lambda row, _column: f"line {lines[row]}", problems)
    return Table(path.name, tuple(rows), problems=tuple(problems))


def _read_workbook(path: Path) -> Table:
    from ..files.spreadsheet import _open  # the same opening (values and formulas) as a template

    try:
        book = _open(path)
    except SubmissionError as error:
        raise CatalogueError(f"cannot read {path} as a workbook", error.problems) from error
    sheets = {
        sheet.title.casefold(): (sheet, formulas)
        for sheet, formulas in zip(book.values.worksheets, book.formulas.worksheets, strict=True)
    }

    def find(key: str) -> tuple[Any, Any] | None:
        for lang in LANGS:
            found = sheets.get(label(f"catalogue.sheet.{key}", lang).casefold())
            if found is not None:
                return found
        return None

    table = find("indicators")
    if table is None and len(sheets) == 1:
        table = next(iter(sheets.values()))  # a plain table on its only sheet
    if table is None:
        wanted = label("catalogue.sheet.indicators", "id")
        raise CatalogueError(
            f"{path.name} has no sheet called {wanted}",
            [Problem("not_a_catalogue_template", "", f"no sheet called {wanted}", wanted)],
        )
    problems: list[Problem] = []
    rows = _rows(_grid(table, problems), _cell_name(table[0].title), problems)
    rights_sheet, info = find("rights"), find("info")
    rights, total = _read_rights(rights_sheet, problems) if rights_sheet else ((), None)
    regulation = _read_info(info, "regulation") if info else None
    made_from = _read_info(info, "revision") if info else None
    return Table(
        path.name,
        tuple(rows),
        tuple(rights),
        regulation,
        total[0] if total else None,
        tuple(problems),
        total[1] if total else None,
        made_from,
    )


def _cell_name(title: str) -> Callable[[int, int], str]:
    from openpyxl.utils import get_column_letter

    return lambda row, column: f"{title}!{get_column_letter(column + 1)}{row + 1}"


MAX_CELLS = 200_000
"""The most cells a sheet's filled-in area may span (a lampiran's table is a few thousand)."""


def _filled_extent(values: Any, formulas: Any) -> tuple[int, int]:
    """Return the last row and column holding anything but blanks (a value or a formula).

    The sheet's own dimensions count a cell that holds a lone space, or was
    merely formatted, far below the table: read by them, one such cell makes
    millions of empty cells. openpyxl keeps the cells a file stores in
    ``_cells``; only those are looked at.
    """
    last_row = last_column = 0
    for sheet in (values, formulas):
        for (row, column), cell in sheet._cells.items():
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            last_row, last_column = max(last_row, row), max(last_column, column)
    return last_row, last_column


def _grid(sheet: tuple[Any, Any], problems: list[Problem]) -> list[list[Any]]:
    """Return a sheet's values row by row; dates and formulas without a result are problems.

    Raises :class:`~kkpham_rules.errors.CatalogueError` if the filled-in area
    spans more than :data:`MAX_CELLS` cells (a stray value far from the table).
    """
    from openpyxl.utils import get_column_letter

    values, formulas = sheet
    last_row, last_column = _filled_extent(values, formulas)
    if last_row * last_column > MAX_CELLS:
        far = f"{values.title}!{get_column_letter(last_column)}{last_row}"
        raise CatalogueError(
            f"the sheet {values.title} spans {last_row} rows and {last_column} columns",
            [
                Problem(
                    "too_many_cells",
                    "",
                    f"the filled-in cells reach {far}: {last_row * last_column} cells, "
                    f"more than {MAX_CELLS}",
                    str(MAX_CELLS),
                    str(last_row * last_column),
                    far,
                )
            ],
        )
    grid: list[list[Any]] = []
    if not last_row:
        return grid
    for row in values.iter_rows(min_row=1, max_row=last_row, max_col=last_column):
        line: list[Any] = []
        for cell in row:
            value = cell.value
            where = f"{values.title}!{cell.coordinate}"
            if value is None and formulas[cell.coordinate].data_type == "f":
                problems.append(
                    Problem(
                        "formula_without_value",
                        "",
                        "a formula with no saved result",
                        location=where,
                    )
                )
            elif cell.data_type == "e":  # #N/A, #REF!...: a formula's error, not text typed
                problems.append(
                    Problem(
                        "error_in_cell",
                        "",
                        f"the cell holds the spreadsheet error {value}",
                        received=str(value),
                        location=where,
                    )
                )
                value = None
            elif isinstance(value, dt.date | dt.datetime | dt.time):
                problems.append(
                    Problem(
                        "date_in_cell",
                        "",
                        f"the cell holds a date ({value}), not the number or text typed",
                        received=str(value),
                        location=where,
                    )
                )
                value = None
            elif isinstance(value, int | float) and "%" in str(cell.number_format):
                value = Decimal(repr(value)) * 100  # a cell shown as 80% holds 0.8
            line.append(value)
        grid.append(line)
    return grid


def _read_rights(
    sheet: tuple[Any, Any], problems: list[Problem]
) -> tuple[list[RightsRow], tuple[str, Cell] | None]:
    """Return the *Hak* sheet's rows (a right id in column A), and its total's cell and value.

    The template writes a right's counts in columns C to E and the regulation's
    declared total in column C of the row labelled so in column B; a value
    anywhere else, or a right listed twice, is a problem, never ignored.
    """
    values = sheet[0]
    title = values.title
    name = _cell_name(title)
    rows: list[RightsRow] = []
    seen: dict[str, str] = {}
    total: tuple[str, Cell] | None = None
    heads = ("struktur", "proses", "hasil")
    totals = {label("catalogue.rights.total", lang).casefold() for lang in LANGS}

    def stray(number: int, raw: Sequence[Any], read: range) -> None:
        for position, value in enumerate(raw):
            if position not in read and _text_cell(value) is not None:
                problems.append(
                    Problem(
                        "value_outside_template",
                        "/rights",
                        "a value in a cell the Hak sheet does not read",
                        location=name(number - 1, position),
                    )
                )

    for number, raw in enumerate(_grid(sheet, problems)[1:], start=2):
        cells = [_text_cell(value) for value in raw] + [None] * max(0, 5 - len(raw))
        right = cells[0]
        if right is None:
            if str(cells[1] or "").strip().casefold() in totals:
                total = (f"{title}!C{number}", cells[2])
                stray(number, raw, range(0, 3))
            else:
                stray(number, raw, range(0))
            continue
        stray(number, raw, range(0, 5))
        where = f"{title}!A{number}"
        if str(right) in seen:
            problems.append(
                Problem(
                    "duplicate_right",
                    f"/rights/{right}",
                    f"the right {right} is listed twice on the Hak sheet",
                    seen[str(right)],
                    str(right),
                    where,
                )
            )
            continue
        seen[str(right)] = where
        counts = dict(zip(heads, cells[2:5], strict=True))
        places = {
            d: f"{title}!{letter}{number}, column {label(f'catalogue.rights.{d}', 'id')}"
            for d, letter in zip(heads, "CDE", strict=True)
        }
        places["right"] = where
        rows.append(RightsRow(str(right), counts, places))
    return rows, total


def _read_info(sheet: tuple[Any, Any], key: str) -> tuple[str, str] | None:
    """Return what the *Info* sheet says under ``key`` (``revision``...), and its cell."""
    values = sheet[0]
    for row in values.iter_rows(min_row=1, max_row=10, max_col=3):
        if len(row) >= 3 and row[2].value == key and row[1].value is not None:
            return str(row[1].value).strip(), f"{values.title}!{row[1].coordinate}"
    return None

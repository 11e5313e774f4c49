"""Reading a filled-in indicator table back, into the next revision of a regulation.

:func:`read_table` reads the workbook (its *Indikator*, *Hak* and *Info*
sheets, found by their titles in either language) or the CSV file, cell by
cell. :func:`import_catalogue` turns it into the regulation's next revision:

1. each row is read into an indicator's data, checking what only the table
   shows: required cells, the words of coded columns, numbers, the band and
   level notation, a parameter given for a rule that does not use it, a
   percentage unit on a value that is no percentage, numbers repeated within
   a right and dimension;
2. the rows join the latest revision's data (rights, scoring, categories...),
   with the counts the *Hak* sheet declares, as the next revision number,
   dated;
3. that document goes through the loader (:func:`kkpham_rules.loader.regulation_from_data`),
   the one validation every plugin's data goes through: unknown rights,
   repeated ids, a value kind the rule cannot score, bands that overlap or
   leave holes, level scales, counts beyond those declared.

Every problem of every step is reported at once, each at its cell: its
``location`` is the sheet, cell and column as the file has them
(``"Indikator!L7, column Pita nilai"``; ``"line 4, column bands"`` in a CSV
file), its ``pointer`` the row and column (``/rows/5/bands``: the sixth row of
the table). Nothing typed is ignored: a value outside the table's columns is
an error, not dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from .._documents import DocumentProblem, read_bounded
from ..errors import CatalogueError, PluginError, Problem, SubmissionError
from ..loader import regulation_from_data
from ..messages import LANGS, label
from ..model import Dimension, Regulation
from ..rounding import decimal_text, plain
from ..rules import Band, ValueKind, band_holes
from .columns import COLUMN_KEYS, COLUMNS, column_label, is_percent_unit, meaning
from .notation import parse_bands, parse_levels, parse_number, split_lines
from .revision import regulation_data, revision_text

__all__ = ["ImportedRevision", "Table", "TableRow", "import_catalogue", "read_table"]

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

    ``rights`` are the *Hak* sheet's rows and ``total_place`` the cell of its
    declared total (a workbook only); ``regulation`` is the id the *Info* sheet
    names; ``problems`` are what could not be read (unknown or repeated
    columns, stray values, dates, formulas without a saved result).
    """

    name: str
    rows: tuple[TableRow, ...]
    rights: tuple[RightsRow, ...] = ()
    regulation: tuple[str, str] | None = None
    total_place: str | None = None
    problems: tuple[Problem, ...] = ()


@frozen
class ImportedRevision:
    """The revision an import made: its file text, the regulation it loads as, warnings."""

    text: str
    regulation: Regulation
    warnings: tuple[Problem, ...]


# --- reading the file -----------------------------------------------------------------


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
        for position, value in enumerate(values):
            if position in columns:
                key = columns[position]
                cells[key] = value
                places[key] = f"{place(number, position)}, column {heads[position]}"
            elif value is not None and not any(p.location == place(0, position) for p in found):
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
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    return _read_csv(path)


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
            [Problem("not_a_template", "", f"no sheet called {wanted}")],
        )
    problems: list[Problem] = []
    rows = _rows(_grid(table, problems), _cell_name(table[0].title), problems)
    rights_sheet, info = find("rights"), find("info")
    rights, total = _read_rights(rights_sheet, problems) if rights_sheet else ((), None)
    regulation = _read_info(info) if info else None
    return Table(path.name, tuple(rows), tuple(rights), regulation, total, tuple(problems))


def _cell_name(title: str) -> Callable[[int, int], str]:
    from openpyxl.utils import get_column_letter

    return lambda row, column: f"{title}!{get_column_letter(column + 1)}{row + 1}"


def _grid(sheet: tuple[Any, Any], problems: list[Problem]) -> list[list[Any]]:
    """Return a sheet's values row by row; dates and formulas without a result are problems."""
    values, formulas = sheet
    grid: list[list[Any]] = []
    for row in values.iter_rows():
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
            line.append(value)
        grid.append(line)
    return grid


def _read_rights(
    sheet: tuple[Any, Any], problems: list[Problem]
) -> tuple[list[RightsRow], str | None]:
    """Return the *Hak* sheet's rows (a right id in column A), and its total's cell."""
    values = sheet[0]
    title = values.title
    rows: list[RightsRow] = []
    total: str | None = None
    heads = ("struktur", "proses", "hasil")
    for number, raw in enumerate(_grid(sheet, problems)[1:], start=2):
        right = _text_cell(raw[0]) if raw else None
        if right is None:
            if any(_text_cell(v) is not None for v in raw):
                total = f"{title}!C{number}"
            continue
        counts = {d: _text_cell(raw[i]) if i < len(raw) else None for i, d in enumerate(heads, 2)}
        places = {
            d: f"{title}!{letter}{number}, column {label(f'catalogue.rights.{d}', 'id')}"
            for d, letter in zip(heads, "CDE", strict=True)
        }
        places["right"] = f"{title}!A{number}"
        rows.append(RightsRow(str(right), counts, places))
    return rows, total


def _read_info(sheet: tuple[Any, Any]) -> tuple[str, str] | None:
    """Return the regulation id the *Info* sheet names, and its cell."""
    values = sheet[0]
    for row in values.iter_rows(min_row=1, max_col=3):
        if len(row) >= 3 and row[2].value == "regulation" and row[1].value:
            return str(row[1].value).strip(), f"{values.title}!{row[1].coordinate}"
    return None


# --- each row into an indicator's data --------------------------------------------------


def _text(value: Cell) -> str | None:
    if value is None:
        return None
    return plain(value) if isinstance(value, Decimal) else value


def _number_of(value: Cell) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    return None if value is None else parse_number(value)


_SLUG = re.compile(r"[^a-z0-9.-]+")


def _made_id(right: str, dimension: str, number: str) -> str:
    """Return the id of an indicator given none: ``right.dimension.number``."""
    made = f"{right}.{dimension}.{number}".casefold()
    return _SLUG.sub("-", made).strip("-.")


_USED_BY: dict[str, frozenset[str]] = {
    # the parameter columns each rule reads; the others must stay empty
    "presence": frozenset(),
    "target": frozenset({"target", "better"}),
    "bands": frozenset({"bands", "gaps"}),
    "ordinal": frozenset({"levels"}),
}
_PARAMETERS = ("target", "better", "bands", "gaps", "levels")
_IMPLIED_KIND = {"presence": "boolean", "ordinal": "level"}


class _RowReader:
    """Reads one row into an indicator's data, gathering the row's problems."""

    def __init__(self, row: TableRow) -> None:
        self.row = row
        self.problems: list[Problem] = []
        self.fell_back: list[str] = []  # English texts the Indonesian stands in for

    def problem(self, key: str, code: str, message: str, **fields: str | None) -> None:
        self.problems.append(
            Problem(
                code,
                f"/rows/{self.row.index}/{key}",
                message,
                fields.get("expected"),
                fields.get("received"),
                self.row.places.get(key),
            )
        )

    def text(self, key: str) -> str | None:
        return _text(self.row.cells[key])

    def need(self, key: str, example: str | None = None) -> str | None:
        value = self.text(key)
        if value is None:
            self.problem(key, "missing_cell", f"{key} is empty", expected=example or key)
        return value

    def coded(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        found = meaning(key, value)
        if found is None:
            from .columns import allowed_words

            words = ", ".join(dict.fromkeys(allowed_words(key, "id") + allowed_words(key, "en")))
            self.problem(
                key, "bad_choice", f"{value!r} is not a {key}", expected=words, received=value
            )
        return found

    def required_code(self, key: str) -> str | None:
        if self.text(key) is None:
            self.need(key)
            return None
        return self.coded(key)

    def number(self, key: str) -> Decimal | None:
        value = self.row.cells[key]
        found = _number_of(value)
        if value is not None and found is None:
            self.problem(key, "bad_number", f"{value!r} is not a number", received=_text(value))
        return found

    def read(self) -> dict[str, Any] | None:
        """Return the row as an indicator's data, or ``None`` if it has problems."""
        right, dimension = self.need("right"), self.required_code("dimension")
        number, ident = self.text("number"), self.text("id")
        if number is None and ident is None:
            self.need("number", "number_or_id")
        wording_id, unit = self.need("wording_id"), self.need("unit")
        rule_kind = self.required_code("rule")
        value_kind = self.coded("value_kind")
        if self.text("value_kind") is None:
            value_kind = _IMPLIED_KIND.get(rule_kind or "")
            if value_kind is None and rule_kind is not None:
                self.need("value_kind")
        self._check_unit(unit, value_kind)
        rule = self._rule(rule_kind, value_kind)
        weight = self.number("weight")
        status = self.required_code("status")
        if self.problems or None in (right, dimension, wording_id, unit, rule, status, value_kind):
            return None
        assert right is not None
        assert dimension is not None
        assert wording_id is not None
        wording_en = self.text("wording_en")
        if wording_en is None:
            self.fell_back.append("wording_en")
        data: dict[str, Any] = {
            "id": ident or _made_id(right, dimension, number or ""),
            "right": right,
            "dimension": dimension,
            "number": number,
            "wording_id": wording_id,
            "wording_en": wording_en or wording_id,
            "unit": unit,
            "value_kind": value_kind,
            "rule": rule,
            "evidence": split_lines(self.text("evidence") or ""),
            "citation": self._citation(status),
        }
        if number is None:
            del data["number"]
        if weight is not None:
            data["weight"] = weight
        return data

    def _check_unit(self, unit: str | None, value_kind: str | None) -> None:
        if unit is None or value_kind is None:
            return
        if value_kind == "percent" and not is_percent_unit(unit):
            self.problem(
                "unit", "percent_unit", f"a percentage needs a percent unit, not {unit!r}",
                received=unit,
            )  # fmt: skip
        elif value_kind in ("count", "amount") and is_percent_unit(unit):
            self.problem(
                "unit", "unit_not_percent", f"the unit {unit!r} is a percentage",
                expected=value_kind, received=unit,
            )  # fmt: skip

    def _rule(self, kind: str | None, value_kind: str | None) -> dict[str, Any] | None:
        if kind is None:
            return None
        for key in _PARAMETERS:
            given = self.text(key)
            unused = key not in _USED_BY[kind] and given is not None
            if unused and not (key == "gaps" and meaning("gaps", given or "") == "no"):
                self.problem(
                    key, "unused_cell", f"a {kind} rule does not use {key}",
                    expected=kind, received=given,
                )  # fmt: skip
        if kind == "presence":
            return {"kind": "presence"}
        if kind == "target":
            target = self.number("target") if self.text("target") else None
            if self.text("target") is None:
                self.need("target")
            better = self.coded("better") if self.text("better") else "higher"
            if target is None or better is None:
                return None
            return {"kind": "target", "target": target, "better": better}
        if kind == "bands":
            return self._bands(value_kind)
        return self._levels()

    def _bands(self, value_kind: str | None) -> dict[str, Any] | None:
        text = self.need("bands")
        gaps = self.coded("gaps") if self.text("gaps") else "no"
        if text is None or gaps is None:
            return None
        bands, unread = parse_bands(text)
        for line in unread:
            self.problem("bands", "bad_band", f"cannot read the band {line!r}", received=line)
        if unread:
            return None
        rule: dict[str, Any] = {"kind": "bands", "bands": bands}
        if gaps == "yes" and value_kind in {kind.value for kind in ValueKind}:
            rule["gaps"] = _declared_gaps(bands, ValueKind(value_kind))
        return rule

    def _levels(self) -> dict[str, Any] | None:
        text = self.need("levels")
        if text is None:
            return None
        levels, unread = parse_levels(text)
        for line in unread:
            self.problem("levels", "bad_level", f"cannot read the level {line!r}", received=line)
        if unread or not levels:
            return None
        if any(len(line.split("|")) < 4 for line in split_lines(text)):
            self.fell_back.append("levels")
        return {"kind": "ordinal", "levels": levels}

    def _citation(self, status: str | None) -> dict[str, Any]:
        citation: dict[str, Any] = {"status": status}
        for key in ("instrument", "pasal", "ayat", "lampiran", "note"):
            if (value := self.text(key)) is not None:
                citation[key] = value
        sources = split_lines(self.text("source") or "")
        if sources:
            citation["sources"] = sources
        return citation


def _declared_gaps(bands: Sequence[Mapping[str, Any]], kind: ValueKind) -> list[dict[str, Any]]:
    """Return the holes the bands leave, as declared gaps, in the order the bands are written.

    A lampiran lists its bands best first or worst first; each hole is listed
    where the first of the two bands around it is.
    """
    written = [
        Band(
            Fraction(band["points"]),
            None if band.get("lower") is None else Fraction(band["lower"]),
            None if band.get("upper") is None else Fraction(band["upper"]),
            band.get("lower_inclusive", True),
            band.get("upper_inclusive", False),
        )
        for band in bands
    ]

    def first_beside(hole: Band) -> int:
        return min(
            (
                index
                for index, band in enumerate(written)
                if band.upper == hole.lower or band.lower == hole.upper
            ),
            default=0,
        )

    holes = sorted(band_holes(written, kind), key=first_beside)
    return [
        {
            "lower": Decimal(decimal_text(hole.lower)) if hole.lower is not None else None,
            "upper": Decimal(decimal_text(hole.upper)) if hole.upper is not None else None,
            "lower_inclusive": hole.lower_inclusive,
            "upper_inclusive": hole.upper_inclusive,
        }
        for hole in holes
    ]


def _repeated_numbers(read: Sequence[tuple[TableRow, dict[str, Any]]]) -> list[Problem]:
    """Return a problem for each number used twice within one right and dimension."""
    first: dict[tuple[str, str, str], TableRow] = {}
    problems: list[Problem] = []
    for row, data in read:
        if "number" not in data:
            continue
        key = (data["right"], data["dimension"], data["number"].casefold())
        if key in first:
            earlier = first[key]
            problems.append(
                Problem(
                    "duplicate_number",
                    f"/rows/{row.index}/number",
                    f"number {data['number']} of {data['right']} {data['dimension']} is "
                    f"also on row {earlier.index + 1}",
                    earlier.places.get("number", f"/rows/{earlier.index}"),
                    data["number"],
                    row.places.get("number"),
                )
            )
        else:
            first[key] = row
    return problems


# --- the counts the Hak sheet declares -----------------------------------------------------


def _declared_counts(
    table: Table, base: Regulation, problems: list[Problem]
) -> dict[str, dict[str, int | None]]:
    """Return each right's declared counts: the *Hak* sheet's, else the base revision's."""
    counts = {
        right.id: {d.value: right.declared_count(d) for d in Dimension} for right in base.rights
    }
    for row in table.rights:
        if row.right not in counts:
            problems.append(
                Problem(
                    "unknown_right",
                    f"/rights/{row.right}",
                    f"{base.short_name} has no right {row.right!r}",
                    ", ".join(counts),
                    row.right,
                    row.places["right"],
                )
            )
            continue
        for dimension, value in row.counts.items():
            number = _number_of(value)
            if value is not None and (number is None or number < 0 or number != int(number)):
                problems.append(
                    Problem(
                        "bad_count",
                        f"/rights/{row.right}/{dimension}",
                        "a count of indicators is a whole number, 0 or more, or empty",
                        received=_text(value),
                        location=row.places[dimension],
                    )
                )
                continue
            counts[row.right][dimension] = None if number is None else int(number)
    return counts


# --- the loader's verdict, at the table's cells -------------------------------------------

_FIELD_COLUMNS: tuple[tuple[str, str], ...] = (
    # a pointer's steps under /indicators/<n> -> the column that holds them
    ("rule/kind", "rule"),
    ("rule/target", "target"),
    ("rule/better", "better"),
    ("rule/bands", "bands"),
    ("rule/gaps", "gaps"),
    ("rule/levels", "levels"),
    ("rule", "rule"),
    ("citation/status", "status"),
    ("citation/sources", "source"),
    ("citation/instrument", "instrument"),
    ("citation/pasal", "pasal"),
    ("citation/ayat", "ayat"),
    ("citation/lampiran", "lampiran"),
    ("citation/note", "note"),
    ("citation", "status"),
)
_COUNTS = re.compile(r"^(?P<have>\d+) indicators are encoded but the regulation has (?P<n>\d+)$")
_SUM = re.compile(r"^the per-right counts add up to (?P<have>\d+), not (?P<n>\d+)$")
_OVER = re.compile(r"^(?P<have>\d+) indicators exceed the declared (?P<n>\d+)$")
_YAML_HINT = " (declare the hole under 'gaps' if the regulation leaves it)"


def _column_of(steps: Sequence[str]) -> str:
    path = "/".join(steps)
    for prefix, column in _FIELD_COLUMNS:
        if path == prefix or path.startswith(prefix + "/"):
            return column
    return steps[0] if steps and steps[0] in COLUMN_KEYS else "id"


def _at_cells(
    problem: Problem,
    rows: Sequence[TableRow],
    table: Table,
    base: Regulation,
) -> Problem:
    """Return a problem the loader found, placed at the table's cell and worded for it."""
    steps = problem.pointer.split("/")[1:]
    if len(steps) >= 2 and steps[0] == "indicators" and steps[1].isdigit():
        row = rows[int(steps[1])]
        column = _column_of(steps[2:])
        return evolve(
            _reworded(problem, column, base),
            pointer=f"/rows/{row.index}/{column}",
            location=row.places.get(column),
        )
    if len(steps) == 4 and steps[0] == "rights" and steps[2] == "declared_counts":
        right = base.rights[int(steps[1])].id
        place = next(
            (r.places[steps[3]] for r in table.rights if r.right == right), table.total_place
        )
        return _counted(problem, f"/rights/{right}/{steps[3]}", place)
    if steps and steps[0] in ("declared_indicator_total", "indicators"):
        return _counted(problem, problem.pointer, table.total_place)
    return problem


def _reworded(problem: Problem, column: str, base: Regulation) -> Problem:
    """Return a loader problem under the catalogue's code for it (its English detail kept)."""
    if problem.code not in ("inconsistent_regulation", "invalid_regulation"):
        return problem
    message = problem.message.replace(_YAML_HINT, "")
    code = {
        "bands": "bad_band_table",
        "gaps": "bad_band_table",
        "levels": "bad_level_table",
        "target": "target_unreachable",
        "value_kind": "wrong_value_kind",
    }.get(column)
    if column == "id" and "is used twice" in message:
        received = message.split("'")[1] if "'" in message else None
        return Problem("duplicate_indicator_id", "", message, None, received)
    if column == "right":
        received = message.rsplit("'", 2)[-2] if message.count("'") >= 4 else None
        known = ", ".join(right.id for right in base.rights)
        return Problem("unknown_right", "", message, known, received)
    if code is None:
        return problem.with_message(message)
    return Problem(code, "", message, problem.expected, problem.received)


def _counted(problem: Problem, pointer: str, place: str | None) -> Problem:
    for pattern, code in ((_COUNTS, "too_many_indicators"), (_SUM, "counts_do_not_add_up"),
                          (_OVER, "over_declared_total")):  # fmt: skip
        match = pattern.match(problem.message)
        if match:
            return Problem(code, pointer, problem.message, match["n"], match["have"], place)
    return Problem(
        problem.code, pointer, problem.message, problem.expected, problem.received, place
    )


# --- the import -----------------------------------------------------------------------------


def import_catalogue(
    table: Table,
    base: Regulation,
    revision: int,
    revision_date: dt.date,
) -> ImportedRevision:
    """Return the revision ``table`` makes of ``base``, numbered ``revision`` and dated.

    ``base`` is the latest revision of the regulation: everything but the
    indicators (and the counts the *Hak* sheet declares) is carried over from
    it. Raises :class:`~kkpham_rules.errors.CatalogueError` listing every
    problem, each at its cell.
    """
    problems = list(table.problems)
    if table.regulation is not None and table.regulation[0] != base.id:
        problems.append(
            Problem(
                "wrong_catalogue_regulation",
                "/regulation",
                f"the table was made for {table.regulation[0]}, not {base.id}",
                base.id,
                table.regulation[0],
                table.regulation[1],
            )
        )
    read: list[tuple[TableRow, dict[str, Any]]] = []
    fell_back: list[tuple[TableRow, str]] = []
    for row in table.rows:
        reader = _RowReader(row)
        data = reader.read()
        problems += reader.problems
        if data is not None:
            read.append((row, data))
            fell_back += [(row, key) for key in reader.fell_back]
    problems += _repeated_numbers(read)
    counts = _declared_counts(table, base, problems)
    if not table.rows:
        problems.append(
            Problem("empty_catalogue", "/rows", "the table has no indicator row", location=None)
        )
    document = regulation_data(base)
    note = (
        f"Revision {revision} ({revision_date.isoformat()}): the indicators imported from "
        f"{table.name} with kkpham catalogue import."
    )
    document.update(
        revision=revision,
        revision_date=revision_date,
        indicators=[data for _, data in read],
        notes=[*document["notes"], note],
    )
    for right in document["rights"]:
        right["declared_counts"] = counts[right["id"]]
    try:
        regulation_from_data(document, table.name)
    except PluginError as error:
        rows = [row for row, _ in read]
        problems += [_at_cells(p, rows, table, base) for p in error.problems]
    if problems:
        raise CatalogueError(f"{table.name}: {len(problems)} problem(s)", problems)
    header = (
        f"{base.title}",
        f"Revision {revision} ({revision_date.isoformat()}), made by `kkpham catalogue import` "
        f"from {table.name} on revision {base.revision}.",
        "A correction is a new revision: the loader refuses this file once edited.",
    )
    text, regulation = revision_text(document, table.name, header)
    return ImportedRevision(text, regulation, tuple(_fallback_warnings(fell_back)))


def _fallback_warnings(fell_back: Sequence[tuple[TableRow, str]]) -> list[Problem]:
    if not fell_back:
        return []
    rows = sorted({row.index + 1 for row, _ in fell_back})
    return [
        Problem(
            "no_english_gloss",
            "/rows",
            f"{len(rows)} row(s) have no English wording or level label; the Indonesian "
            f"stands in (rows {', '.join(map(str, rows[:10]))}{', …' if len(rows) > 10 else ''})",
            received=str(len(rows)),
        )
    ]

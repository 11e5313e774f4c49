"""A filled-in indicator table made into the next revision of a regulation.

:func:`import_catalogue` takes a table (:func:`~kkpham_rules.catalogue.reading.read_table`)
and the regulation's latest revision:

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
``location`` is the sheet, cell and column as the file has them, its
``pointer`` the row and column (``/rows/5/bands``: the table's sixth row).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import evolve, frozen

from ..errors import CatalogueError, PluginError, Problem
from ..loader import regulation_from_data
from ..model import Dimension, Regulation
from ..rounding import decimal_text, number_problem, plain
from ..rules import Band, ValueKind, band_holes
from .columns import COLUMN_KEYS, allowed_words, is_percent_unit, meaning, written
from .notation import ambiguous_numbers, parse_bands, parse_levels, parse_number, split_lines
from .reading import Cell, Table, TableRow
from .revision import regulation_data, revision_text

__all__ = ["ImportedRevision", "import_catalogue"]


@frozen
class ImportedRevision:
    """The revision an import made: its file text, the regulation it loads as, warnings."""

    text: str
    regulation: Regulation
    warnings: tuple[Problem, ...]


# --- each row into an indicator's data --------------------------------------------------


def _text(value: Cell) -> str | None:
    if value is None:
        return None
    return plain(value) if isinstance(value, Decimal) else value


def _number_of(value: Cell) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if value is None:
        return None
    # a minus sign is read (a weight of -1 is then refused for being below 0, not for not
    # being a number); a typographic minus is what a word processor makes of a hyphen
    unsigned = value.strip().removeprefix("-").removeprefix("\u2212")
    number = parse_number(unsigned)
    return -number if number is not None and unsigned != value.strip() else number


_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
"""An indicator id as the data format has it (``regulation_data.Id``)."""
_ID_LENGTH = 80


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
_STAND_IN = "-"
"""What an empty required text cell holds while the rest of its row is checked."""


class _RowReader:
    """Reads one row into an indicator's data, gathering the row's problems."""

    def __init__(self, row: TableRow) -> None:
        self.row = row
        self.problems: list[Problem] = []
        self.fell_back: list[str] = []  # English texts the Indonesian stands in for
        self.numbered: tuple[str, str, str] | None = None  # right, dimension, number

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
        # a column the table lacks is said once, at the header, not again on every row
        if value is None and key in self.row.places:
            self.problem(key, "missing_cell", f"{key} is empty", expected=example or key)
        return value

    def coded(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        found = meaning(key, value)
        if found is None:
            words = ", ".join(dict.fromkeys(allowed_words(key, "id") + allowed_words(key, "en")))
            self.problem(
                key, "bad_choice", f'"{value}" is not a {key}', expected=words, received=value
            )
        return found

    def required_code(self, key: str) -> str | None:
        if self.text(key) is None:
            self.need(key)
            return None
        return self.coded(key)

    def unambiguous(self, key: str) -> bool:
        """Return whether the cell's numbers read one way only; say each that does not."""
        value = self.row.cells[key]
        found = ambiguous_numbers(value) if isinstance(value, str) else []
        for written_as, thousands, decimal in found:
            self.problem(
                key, "ambiguous_number",
                f"{written_as} may be {thousands} or {decimal}: write it without a separator "
                "for thousands, with a decimal comma for a fraction",
                expected=f"{thousands} or {decimal}", received=written_as,
            )  # fmt: skip
        return not found

    def number(self, key: str) -> Decimal | None:
        value = self.row.cells[key]
        if not self.unambiguous(key):
            return None
        found = _number_of(value)
        if value is not None and found is None:
            self.problem(key, "bad_number", f'"{value}" is not a number', received=_text(value))
        if found is not None and not self.in_range(key, found, _text(value) or ""):
            return None
        return found

    def in_range(self, key: str, number: Decimal, written_as: str) -> bool:
        """Return whether ``number`` is of a size the data format takes; say it if not."""
        wrong = number_problem(number)
        if wrong is not None:
            self.problem(key, "cell_number_out_of_range", f"{written_as}: {wrong}",
                         received=written_as)  # fmt: skip
        return wrong is None

    def identifier(self) -> str | None:
        """Return the id cell's text, saying what in it an id cannot hold."""
        ident = self.text("id")
        if ident is not None and (len(ident) > _ID_LENGTH or not _ID.fullmatch(ident)):
            self.problem(
                "id", "bad_indicator_id",
                f'"{ident}" is not an indicator id: lowercase letters, digits, "." and "-", '
                f"at most {_ID_LENGTH} characters",
                received=ident,
            )  # fmt: skip
        return ident

    def read(self) -> dict[str, Any] | None:
        """Return the row as an indicator's data, or ``None`` if it has problems."""
        right, dimension = self.need("right"), self.required_code("dimension")
        number, ident = self.text("number"), self.identifier()
        if number is None and ident is None:
            self.need("number", "number_or_id")
        if right is not None and dimension is not None and number is not None:
            self.numbered = (right, dimension, number)
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
        # a row that can be put together goes to the loader even with problems of its own
        # (a unit, a repeated number, a misspelt status), so that one import names
        # everything wrong in it: a cell already found wrong has a stand-in there, never
        # written (the import fails) and never reported again (see import_catalogue)
        if right is None or dimension is None or rule is None or value_kind is None:
            return None
        wording_id = wording_id or _STAND_IN
        unit = unit or _STAND_IN
        status = status or "inferred"
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
                "unit", "percent_unit", f'a percentage needs a percent unit, not "{unit}"',
                received=unit,
            )  # fmt: skip
        elif value_kind in ("count", "amount") and is_percent_unit(unit):
            self.problem(
                "unit", "unit_not_percent", f'the unit "{unit}" is a percentage',
                expected=_kinds(value_kind), received=unit,
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
        if text is None or gaps is None or not self.unambiguous("bands"):
            return None
        bands, unread = parse_bands(text)
        for line in unread:
            self.problem("bands", "bad_band", f'cannot read the band "{line}"', received=line)
        if not bands and not unread:  # only separators (";"): no band at all
            self.problem("bands", "bad_band", "the cell holds no band", received=text)
        sized = [
            self.in_range("bands", number, plain(number))
            for band in bands
            for number in (band.get("lower"), band.get("upper"), band["points"])
            if number is not None
        ]
        if unread or not bands or not all(sized):
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
            self.problem("levels", "bad_level", f'cannot read the level "{line}"', received=line)
        if not levels and not unread:  # only separators (";"): no level at all
            self.problem("levels", "bad_level", "the cell holds no level", received=text)
        sized = [self._achievement_in_range(level["achievement"]) for level in levels]
        if unread or not levels or not all(sized):
            return None
        if any(len(line.split("|")) < 4 for line in split_lines(text)):
            self.fell_back.append("levels")
        return {"kind": "ordinal", "levels": levels}

    def _achievement_in_range(self, achievement: Decimal) -> bool:
        """Return whether a level's achievement is a share from 0 to 1; say it if not."""
        sign, digits, exponent = achievement.as_tuple()
        assert isinstance(exponent, int)  # read from the cell's digits: finite
        percent = plain(Decimal((sign, digits, exponent + 2))) + "%"  # exact, as typed
        if not self.in_range("levels", achievement, percent):
            return False
        if 0 <= achievement <= 1:
            return True
        self.problem("levels", "achievement_out_of_range",
                     f"an achievement of {percent} is not from 0% to 100%",
                     received=percent)  # fmt: skip
        return False

    def _citation(self, status: str | None) -> dict[str, Any]:
        citation: dict[str, Any] = {"status": status}
        for key in ("instrument", "pasal", "ayat", "lampiran", "note"):
            if (value := self.text(key)) is not None:
                citation[key] = value
        sources = split_lines(self.text("source") or "")
        if sources:
            citation["sources"] = sources
        return citation


def _bands_of(bands: Sequence[Mapping[str, Any]]) -> list[Band]:
    """Return band data (as :func:`~.notation.parse_bands` reads it) as bands."""
    return [
        Band(
            Fraction(band["points"]),
            None if band.get("lower") is None else Fraction(band["lower"]),
            None if band.get("upper") is None else Fraction(band["upper"]),
            band.get("lower_inclusive", True),
            band.get("upper_inclusive", False),
        )
        for band in bands
    ]


def _declared_gaps(bands: Sequence[Mapping[str, Any]], kind: ValueKind) -> list[dict[str, Any]]:
    """Return the holes the bands leave, as declared gaps, in the order the bands are written.

    A lampiran lists its bands best first or worst first; each hole is listed
    where the first of the two bands around it is.
    """
    written = _bands_of(bands)

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


def _repeated_numbers(numbered: Sequence[tuple[TableRow, tuple[str, str, str]]]) -> list[Problem]:
    """Return a problem for each number used twice within one right and dimension.

    ``numbered`` gives each row with a number, and its right, dimension and number.
    """
    first: dict[tuple[str, str, str], TableRow] = {}
    problems: list[Problem] = []
    for row, (right, dimension, number) in numbered:
        key = (right, dimension, number.casefold())
        if key not in first:
            first[key] = row
            continue
        earlier = first[key]
        problems.append(
            Problem(
                "duplicate_number",
                f"/rows/{row.index}/number",
                f"number {number} of {right} {dimension} is also on row {earlier.index + 1}",
                earlier.places.get("number", f"/rows/{earlier.index}"),
                number,
                row.places.get("number"),
            )
        )
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


def _declared_total(table: Table, problems: list[Problem]) -> int | None:
    """Return the total the *Hak* sheet declares, or ``None`` if its cell is empty."""
    number = _number_of(table.total)
    if table.total is not None and (number is None or number < 0 or number != int(number)):
        problems.append(
            Problem(
                "bad_count",
                "/declared_indicator_total",
                "a count of indicators is a whole number, 0 or more, or empty",
                received=_text(table.total),
                location=table.total_place,
            )
        )
        return None
    return None if number is None else int(number)


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
    read: Sequence[tuple[TableRow, Mapping[str, Any]]],
    table: Table,
    base: Regulation,
) -> Problem:
    """Return a problem the loader found, placed at the table's cell and worded for it."""
    steps = problem.pointer.split("/")[1:]
    if len(steps) >= 2 and steps[0] == "indicators" and steps[1].isdigit():
        row, data = read[int(steps[1])]
        column = _column_of(steps[2:])
        if column == "id" and row.cells["id"] is None:
            return _made_id_taken(problem, row, data, read)
        return evolve(
            _reworded(problem, column, data, base),
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


def _made_id_taken(
    problem: Problem,
    row: TableRow,
    data: Mapping[str, Any],
    read: Sequence[tuple[TableRow, Mapping[str, Any]]],
) -> Problem:
    """Return a repeated id the import made from the row's number, said at the number.

    The id cell is empty: "empty it" would be no advice. Numbers such as
    ``1-a`` and ``1 a`` make the same id, as does a number whose made id another
    row gives as its own.
    """
    other = next((r for r, d in read if d["id"] == data["id"] and r is not row), None)
    column = "id" if other is not None and other.cells["id"] is not None else "number"
    where = None if other is None else other.places.get(column, f"/rows/{other.index}")
    return Problem(
        "made_id_taken",
        f"/rows/{row.index}/number",
        f"the id {data['id']} made from number {data['number']} is also on another row",
        where,
        data["id"],
        row.places.get("number"),
    )


def _kinds(names: str | None) -> str | None:
    """Return value kinds (``"amount, count"``) in the table's words: ``angka (amount)``."""
    if names is None:
        return None
    kinds = [name.strip() for name in names.split(",")]
    return ", ".join(f"{written('value_kind', kind, 'id')} ({kind})" for kind in kinds)


def _reworded(problem: Problem, column: str, data: Mapping[str, Any], base: Regulation) -> Problem:
    """Return a loader problem under the catalogue's code for it (its English detail kept)."""
    if problem.code != "inconsistent_regulation":
        return problem
    message = problem.message.replace(_YAML_HINT, "")
    if column == "id":
        return Problem("duplicate_indicator_id", "", message, None, data["id"])
    if column == "right":
        known = ", ".join(right.id for right in base.rights)
        return Problem("unknown_right", "", message, known, data["right"])
    if column == "value_kind":
        expected, received = _kinds(problem.expected), _kinds(problem.received)
        return Problem("wrong_value_kind", "", message, expected, received)
    code = {
        "bands": "bad_band_table",
        "gaps": "bad_band_table",
        "levels": "bad_level_table",
        "target": "target_unreachable",
    }.get(column)
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


def _loader_problems(
    document: Mapping[str, Any],
    read: Sequence[tuple[TableRow, Mapping[str, Any]]],
    table: Table,
    base: Regulation,
) -> list[Problem]:
    """Return what the loader finds wrong in ``document``, at the table's cells.

    The loader checks a document's shape first and its meaning (bands,
    counts, ids) only once the shape is right; so that one import names every
    problem, rows whose shape is wrong are set aside and the rest checked again.
    """
    indicators: list[Any] = list(document["indicators"])
    kept = list(range(len(indicators)))
    problems: list[Problem] = []
    for _ in range(2):  # the second pass sees only rows of the right shape: it checks meaning
        try:
            regulation_from_data({**document, "indicators": [indicators[i] for i in kept]}, "")
        except PluginError as error:
            placed = [read[i] for i in kept]
            problems += [_at_cells(p, placed, table, base) for p in error.problems]
            misshapen = {
                int(steps[2])
                for p in error.problems
                if p.code != "inconsistent_regulation"
                and (steps := p.pointer.split("/"))[1:2] == ["indicators"]
                and len(steps) > 2
                and steps[2].isdigit()
            }
            kept = [index for position, index in enumerate(kept) if position not in misshapen]
            if misshapen:
                continue
        break
    return problems


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
        table = evolve(table, rights=())  # its Hak sheet lists the other regulation's rights
    elif table.made_from is not None and table.made_from[0] != str(base.revision):
        # filled in on an older revision's template: imported as the next revision it would
        # silently drop every indicator the newer revision added or changed
        problems.append(
            Problem(
                "stale_catalogue_template",
                "/revision",
                f"the template was made from revision {table.made_from[0]}, but the latest "
                f"revision of {base.id} is {base.revision}",
                str(base.revision),
                table.made_from[0],
                table.made_from[1],
            )
        )
    if revision_date < base.revision_date:
        # revisions follow each other in time: an earlier date would make the newer revision
        # look older to every reader who orders them by date
        problems.append(
            Problem(
                "revision_date_before_base",
                "/date",
                f"revision {revision} cannot be dated before revision {base.revision}",
                base.revision_date.isoformat(),
                revision_date.isoformat(),
            )
        )
    read: list[tuple[TableRow, dict[str, Any]]] = []
    fell_back: list[tuple[TableRow, str]] = []
    numbered: list[tuple[TableRow, tuple[str, str, str]]] = []
    for row in table.rows:
        reader = _RowReader(row)
        data = reader.read()
        problems += reader.problems
        if reader.numbered is not None:
            numbered.append((row, reader.numbered))
        if data is not None:
            read.append((row, data))
            fell_back += [(row, key) for key in reader.fell_back]
    problems += _repeated_numbers(numbered)
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
    if table.total_place is not None:  # the Hak sheet's total, as typed there (empty: unknown)
        document["declared_indicator_total"] = _declared_total(table, problems)
    found = _holes_together(_loader_problems(document, read, table, base), read)
    # an id made from a repeated number repeats too: the number's cell says it once
    repeated = {p.pointer.rsplit("/", 1)[0] for p in problems if p.code == "duplicate_number"}
    # a cell the row's reading found wrong (an id with a space) is said in the table's
    # words; the loader's verdict on the same cell would only say it again in its own
    said = {p.pointer for p in problems}
    problems += [
        p
        for p in found
        if p.pointer not in said
        and not (
            p.code in ("duplicate_indicator_id", "made_id_taken")
            and p.pointer.rsplit("/", 1)[0] in repeated
        )
    ]
    problems = sorted(_once_a_cell(problems, table), key=_table_order)
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


_HOLE = re.compile(r"^values (between|from) .* fall in no band$")


def _interval(hole: Band) -> str:
    assert hole.lower is not None  # a hole lies between two values
    assert hole.upper is not None
    low = "[" if hole.lower_inclusive else "("
    high = "]" if hole.upper_inclusive else ")"
    return f"{low}{decimal_text(hole.lower)}, {decimal_text(hole.upper)}{high}"


def _holes_together(
    problems: Sequence[Problem], read: Sequence[tuple[TableRow, Mapping[str, Any]]]
) -> list[Problem]:
    """Return ``problems`` with the holes one band table leaves said once, all of them listed.

    A lampiran typed in with its integer bounds (``111-140``) but without "ya"
    under Gaps left has a hole between every two bands: one line naming them
    all says what to do better than one line each.
    """
    rows = {f"/rows/{row.index}/bands": data for row, data in read}
    holes: dict[str, list[Problem]] = {}
    kept: list[Problem] = []
    for problem in problems:
        if problem.code == "bad_band_table" and _HOLE.match(problem.message):
            holes.setdefault(problem.pointer, []).append(problem)
        else:
            kept.append(problem)
    for pointer, found in holes.items():
        data = rows[pointer]
        bands = _bands_of(data["rule"]["bands"])
        listed = ", ".join(_interval(h) for h in band_holes(bands, ValueKind(data["value_kind"])))
        message = "; ".join(p.message for p in found)
        kept.append(Problem("band_gaps", pointer, message, None, listed, found[0].location))
    return kept


def _table_order(problem: Problem) -> tuple[int, int, int]:
    """Return where a problem stands in the table: the table's own first, then row by row."""
    steps = problem.pointer.split("/")
    if steps[1:2] == ["rows"] and len(steps) > 2 and steps[2].isdigit():
        column = steps[3] if len(steps) > 3 else ""
        return (1, int(steps[2]), COLUMN_KEYS.index(column) if column in COLUMN_KEYS else -1)
    # the header, the regulation and the cells the reading could not read (a date, a
    # formula: no pointer, only a place) first, the counts (rights, totals) last
    table_own = (["columns"], ["regulation"], ["rows"], ["revision"], ["date"])
    return (0, 0, 0) if steps[1:2] in table_own or problem.pointer == "" else (2, 0, 0)


def _once_a_cell(problems: Sequence[Problem], table: Table) -> list[Problem]:
    """Return ``problems`` without those at a cell the reading already found unreadable.

    A date or a formula without a result reads as an empty cell: "this column
    must be filled in" would only say again what its own problem says.
    """
    unreadable = {p.location for p in table.problems if p.code in _UNREADABLE}
    return [
        p
        for p in problems
        if p.code in _UNREADABLE or (p.location or "").split(", column ")[0] not in unreadable
    ]


_UNREADABLE = frozenset({"date_in_cell", "formula_without_value", "error_in_cell"})


def _fallback_warnings(fell_back: Sequence[tuple[TableRow, str]]) -> list[Problem]:
    if not fell_back:
        return []
    # each row by its place in the file (Indikator!F2, line 4), not by its index
    cells = list(dict.fromkeys(row.places.get(key, "").split(",")[0] for row, key in fell_back))
    rows = len({row.index for row, _ in fell_back})
    where = ", ".join(cells[:10]) + (", …" if len(cells) > 10 else "")
    return [
        Problem(
            "no_english_gloss",
            "/rows",
            f"{rows} row(s) have no English wording or level label; the Indonesian stands in",
            received=str(rows),
            location=where or None,
        )
    ]

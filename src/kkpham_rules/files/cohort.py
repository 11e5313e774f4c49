"""Cohorts of submissions: reading them, and fitting them to a regulation variant.

A cohort is many regions' submissions for the same exercise: a folder of JSON
files, a JSON Lines file (one submission a line), a JSON or YAML list, a
dimension-level CSV file or workbook, or a pandas-like DataFrame in the plain
dimension-level layout (one row per region and right). :func:`load_cohort`
reads any of them through the one reader, :mod:`kkpham_rules.reading`.
"""

from __future__ import annotations

import csv
import io
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, SubmissionError, json_pointer
from ..model import Regulation
from ..submission import Submission, parse_submission
from .reading import MAX_COHORT_BYTES, Format, read_submissions
from .regions import check_region, emit_warnings

if TYPE_CHECKING:
    from ..result import Evaluation

__all__ = [
    "CSV_COLUMNS",
    "MAX_COHORT_BYTES",
    "check_one_cohort",
    "fit_submission",
    "fitted",
    "from_dataframe",
    "from_rows",
    "load_cohort",
    "read_csv",
    "read_csv_text",
]


def load_cohort(
    source: Path | str | bytes | Sequence[Any] | Any,
    *,
    format: Format | None = None,
    notices: list[Problem] | None = None,
) -> list[Submission]:
    """Return the submissions of a cohort, in order.

    ``source`` is a path (a ``Path``, or a ``str`` that is not a document's
    text: see :func:`kkpham_rules.files.reading.is_text`) to a folder of ``*.json``
    files (sorted by name), a ``.jsonl``, ``.json`` (a list, or one
    submission), ``.yaml``, dimension-level ``.csv`` or ``.xlsx`` file; the
    text or bytes of one of those (``format`` says which, else it is
    recognised); submissions or their data (a list of mappings); or an object
    with ``to_dict("records")`` (a DataFrame) in the dimension-level layout.
    Every problem of every region is reported at once, the pointer prefixed
    with the file name, line number or position; a document of another kind
    (a simulation summary...) is named as such. Region warnings of tables go to
    ``notices`` if given, else are issued as Python warnings.
    """
    return read_submissions(source, format=format, notices=notices)


def check_one_cohort(evaluations: Sequence[Evaluation]) -> None:
    """Refuse evaluations that are not one cohort: one regulation, one data year, each region once.

    A cohort report sets regions side by side, which means something only
    under one regulation for one data year. Raises
    :class:`~kkpham_rules.errors.SubmissionError` listing each reason.
    """
    problems = []
    if len({e.regulation.id for e in evaluations}) > 1:
        chosen_by = "--regulation"
        problems.append(
            Problem("mixed_regulations", "/regulation", f"name one with {chosen_by}", chosen_by)
        )
    if len({e.assessment_year for e in evaluations}) > 1:
        problems.append(
            Problem("mixed_years", "/assessment_year", "a cohort report covers one data year")
        )
    counts = Counter(e.region.code for e in evaluations)
    problems += [
        Problem("duplicate_region", "/region/code", f"{code} appears twice", received=code)
        for code in sorted(code for code, count in counts.items() if count > 1)
    ]
    if problems:
        raise SubmissionError("the cohort cannot be reported as one", problems)


CSV_COLUMNS = (
    "region_code",
    "region_name",
    "assessment_year",
    "right",
    "struktur",
    "proses",
    "hasil",
)
"""The plain dimension-level layout: one row per region and right."""


def from_rows(
    rows: Iterable[Mapping[str, Any]],
    locate: Callable[[int, str], str] | None = None,
    *,
    notices: list[Problem] | None = None,
) -> list[Submission]:
    """Return submissions from dimension-level rows, one per region and right.

    Each row has ``region_code``, ``region_name``, ``assessment_year``,
    ``right``, ``struktur``, ``proses``, ``hasil`` (a missing share may be
    empty; a share written with a decimal comma, ``"85,5"``, is read as 85.5).
    With ``locate`` (row index, column name -> place in the source file),
    every problem names its place, e.g. ``line 3, column hasil``.

    Each region's code and name are checked against the Kemendagri list (see
    :func:`kkpham_rules.files.regions.check_region`): the template's placeholders and
    a code on no list are errors; a replaced code or a name other than the
    list's is a warning, appended to ``notices`` if given, else issued as a
    :class:`~kkpham_rules.files.regions.RegionWarning`. Regions named as synthetic or
    illustrative (``kkpham synth``'s "(SINTETIS)", the examples' "(data
    ilustrasi)") are not looked up: their codes need not exist.

    Rows are read one at a time: memory holds the submissions being built and
    the row index of each region's rights, nothing per cell.
    """

    def place(index: int, column: str) -> str | None:
        return None if locate is None else locate(index, column)

    grouping = _RowGrouping(place)
    for index, row in enumerate(rows):
        grouping.add(index, row)
    return grouping.finish(notices)


_RegionKey = tuple[str, str]
"""A region's submission: its code and its assessment year, as written."""

_SHARES = ("struktur", "proses", "hasil")

_Shares = tuple[Any, Any, Any]
"""A right's struktur, proses and hasil shares as given, ``None`` for an empty one."""


class _Region:
    """One region's rows: its name, the row it starts at, each right's row and shares."""

    __slots__ = ("first", "name", "rights")

    def __init__(self, name: str, first: int) -> None:
        self.name = name
        self.first = first
        self.rights: dict[str, tuple[int, _Shares]] = {}


class _RowGrouping:
    """Dimension-level rows gathered into one submission's data per region and year.

    What it keeps is per region and right (the shares, and the row each right came
    from, to place the submission's problems), never per cell, so that rows can
    be read as a stream.
    """

    def __init__(self, place: Callable[[int, str], str | None]) -> None:
        self.place = place
        self.regions: dict[_RegionKey, _Region] = {}
        self.problems: list[Problem] = []
        self.warned: list[Problem] = []
        # (code, name): a region is checked once, not per year
        self.checked: set[tuple[str, str]] = set()

    def add(self, index: int, row: Mapping[str, Any]) -> None:
        """Add row ``index`` to its region's data, or record why it cannot be added."""
        if self._lacks_columns(index, row):
            return
        get = row.get
        shares: _Shares = (
            None if _empty(value := get("struktur")) else _share(value),
            None if _empty(value := get("proses")) else _share(value),
            None if _empty(value := get("hasil")) else _share(value),
        )
        self._put(
            index,
            str(row["region_code"]).strip(),
            str(row["assessment_year"]).strip(),
            str(row["region_name"]).strip(),
            row["region_name"],
            str(row["right"]).strip(),
            shares,
        )

    def add_texts(
        self,
        index: int,
        code: str,
        name: str,
        year: str,
        right: str,
        struktur: str,
        proses: str,
        hasil: str,
    ) -> None:
        """Add row ``index`` given as text cells (a CSV row), as :meth:`add` would add it."""
        code_, name_, year_, right_ = code.strip(), name.strip(), year.strip(), right.strip()
        if not (code_ and name_ and year_ and right_):
            self._missing(index, [code_, name_, year_, right_])
            return
        # _text_share, inlined: this runs for every row of a file
        struktur, proses, hasil = struktur.strip(), proses.strip(), hasil.strip()
        shares: _Shares = (
            (_share(struktur) if "," in struktur else struktur) if struktur else None,
            (_share(proses) if "," in proses else proses) if proses else None,
            (_share(hasil) if "," in hasil else hasil) if hasil else None,
        )
        self._put(index, code_, year_, name_, name, right_, shares)

    def _lacks_columns(self, index: int, row: Mapping[str, Any]) -> bool:
        """Record a row without a region, year or right; such a row cannot be placed."""
        cells = [row.get(k) for k in CSV_COLUMNS[:4]]
        if any(_empty(cell) for cell in cells):
            self._missing(index, cells)
            return True
        return False

    def _missing(self, index: int, cells: Sequence[Any]) -> None:
        """Record row ``index`` as lacking the region, year or right ``cells`` left empty."""
        missing = [k for k, cell in zip(CSV_COLUMNS[:4], cells, strict=True) if _empty(cell)]
        self.problems.append(
            Problem(
                "missing",
                json_pointer([index]),
                f"row {index + 1} lacks {', '.join(missing)}",
                location=self.place(index, missing[0]),
            )
        )

    def _put(
        self,
        index: int,
        code: str,
        year: str,
        name: str,
        name_given: Any,
        right: str,
        shares: _Shares,
    ) -> None:
        """Add a right's shares to its region, started from this row if it is the first."""
        key = (code, year)
        region = self.regions.get(key)
        if region is None:
            region = self.regions[key] = _Region(name, index)
            if (code, name) not in self.checked:
                self._check_region(index, code, name)
        elif region.name != name:
            self.problems.append(
                Problem(
                    "conflicting_name",
                    json_pointer([index]),
                    f"{code} is named differently in another row",
                    region.name,
                    str(name_given),
                    self.place(index, "region_name"),
                )
            )
        rights = region.rights
        if right in rights:
            self.problems.append(
                Problem(
                    "duplicate_row",
                    json_pointer([index]),
                    f"right {right!r} of {code} is given twice",
                    location=self.place(index, "right"),
                )
            )
            return
        rights[right] = (index, shares)

    def _check_region(self, index: int, code: str, name: str) -> None:
        """Check a region's code and name against the Kemendagri list, once per region."""
        self.checked.add((code, name))
        for finding in check_region(code, name):
            column = "region_code" if finding.field == "code" else "region_name"
            problem = Problem(
                finding.code,
                f"/{code}/region/{finding.field}",
                finding.message,
                finding.expected,
                finding.received,
                self.place(index, column),
            )
            (self.problems if finding.severity == "error" else self.warned).append(problem)

    def submissions(self) -> list[Submission]:
        """Return the regions' submissions that parse; record the others' problems.

        A problem is named by its region and placed at the row and column it came from.
        Each region's shares are let go once its submission is built.
        """
        submissions: list[Submission] = []
        append = submissions.append
        for (code, year), region in self.regions.items():
            dimensions: dict[str, dict[str, Any]] = {}
            for right, (_, (struktur, proses, hasil)) in region.rights.items():
                if struktur is not None and proses is not None and hasil is not None:
                    dimensions[right] = {"struktur": struktur, "proses": proses, "hasil": hasil}
                else:
                    dimensions[right] = {
                        dimension: share
                        for dimension, share in zip(_SHARES, (struktur, proses, hasil), strict=True)
                        if share is not None
                    }
            data = {
                "region": {"code": code, "name": region.name},
                "assessment_year": _year(year),
                "dimensions": dimensions,
            }
            try:
                append(parse_submission(data))
            except SubmissionError as error:
                rows = {"": region.first} | {
                    right: row for right, (row, _) in region.rights.items()
                }
                self.problems += [
                    Problem(
                        p.code,
                        f"/{code}{p.pointer}",
                        f"{code}: {p.message}",
                        p.expected,
                        p.received,
                        _place_of(p.pointer, rows, self.place),
                    )
                    for p in error.problems
                ]
            region.rights = {}
        return submissions

    def finish(self, notices: list[Problem] | None) -> list[Submission]:
        """Return the submissions, or raise every problem; hand over the region warnings."""
        submissions = self.submissions()
        if self.problems:
            raise SubmissionError(f"the rows have {len(self.problems)} problem(s)", self.problems)
        if not submissions:
            raise SubmissionError(
                "the cohort is empty", [Problem("empty_cohort", "", "no data rows")]
            )
        emit_warnings(self.warned, notices)
        return submissions


_REGION_COLUMNS = {
    "/region/code": "region_code",
    "/region/name": "region_name",
    "/assessment_year": "assessment_year",
}


def _place_of(
    pointer: str, rows: Mapping[str, int], place: Callable[[int, str], str | None]
) -> str | None:
    """Return where in the source a problem at ``pointer`` of one region's submission lies."""
    if pointer in _REGION_COLUMNS:
        return place(rows[""], _REGION_COLUMNS[pointer])
    parts = pointer.split("/")  # "", "dimensions", right[, dimension]
    if len(parts) >= 3 and parts[1] == "dimensions" and parts[2] in rows:
        return place(rows[parts[2]], parts[3] if len(parts) > 3 else "right")
    return None


def _empty(value: Any) -> bool:
    """Return whether a cell is empty: nothing, blank text, or a DataFrame's NaN."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value != value


def _year(value: Any) -> Any:
    text = str(value).strip()
    return int(text) if text.isdigit() else text


_DECIMAL_COMMA = re.compile(r"[0-9]{1,3},[0-9]+", re.ASCII)


def _share(value: Any) -> Any:
    """Return a share as given, ``"85,5"`` (a decimal comma) as ``"85.5"``.

    Only the plain form is rewritten: at most three digits, a comma, digits.
    A share is at most 100, so a comma here is never a thousands separator;
    anything else (``"1.234,5"``, ``"85,5%"``) is left for the share's own
    check to refuse.
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    return text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else text


def read_csv(path: Path, *, notices: list[Problem] | None = None) -> list[Submission]:
    """Return the submissions in a dimension-level CSV file (see :data:`CSV_COLUMNS`).

    The header must be exactly :data:`CSV_COLUMNS`, in any order and each once;
    every problem names its line and column as they stand in the file.

    Cells are separated by commas or by semicolons (as spreadsheet programs
    save CSV where the comma is the decimal sign): the header line alone
    decides which, and a header with both is refused. A data line with fewer
    cells than the header that holds the other separator is refused with its
    line, never read in part.

    A share may have a decimal comma (``85,5``). The rule follows from the
    separator: in a semicolon-separated file write ``85,5`` as it is; in a
    comma-separated file the comma would split the cell, so the field must be
    quoted (``"85,5"``), and an unquoted one makes a row with more cells than
    the header, which is refused (it is never read as 85 and 5). A decimal
    point is accepted in either kind of file.

    Region codes are checked as in :func:`from_rows`, warnings going to
    ``notices`` if given. The file is read as a stream (a row at a time), so
    memory is the submissions plus a line number per row.
    """
    try:
        if path.stat().st_size > MAX_COHORT_BYTES:
            raise SubmissionError(
                f"cannot read {path}",
                [Problem("too_large", "", f"{path} is over {MAX_COHORT_BYTES} bytes")],
            )
        with path.open(encoding="utf-8-sig", newline="") as stream:
            first = stream.readline()
            delimiter = _delimiter(path, first)
            reader = csv.reader(chain([first], stream), delimiter=delimiter)
            return _read_csv_rows(path, reader, delimiter, notices)
    except OSError as error:
        raise SubmissionError(
            f"cannot read {path}", [Problem("unreadable_file", "", f"{error.strerror}: {path}")]
        ) from error
    except UnicodeDecodeError as error:
        raise SubmissionError(
            f"cannot read {path}", [Problem("not_utf8", "", str(error))]
        ) from error


def read_csv_text(
    text: str, name: str = "<text>", *, notices: list[Problem] | None = None
) -> list[Submission]:
    """Return the submissions in dimension-level CSV text, read as :func:`read_csv` reads a file.

    ``name`` names the text in messages (``<stdin>`` for standard input).
    """
    stream = io.StringIO(text.removeprefix("\ufeff"), newline="")
    first = stream.readline()
    path = Path(name)
    delimiter = _delimiter(path, first)
    reader = csv.reader(chain([first], stream), delimiter=delimiter)
    return _read_csv_rows(path, reader, delimiter, notices)


def _delimiter(path: Path, header: str) -> str:
    """Return the separator the header line uses: ``;`` or ``,`` (the default)."""
    if ";" in header and "," in header:
        raise SubmissionError(
            f"{path.name}: the header mixes ; and , as separators",
            [
                Problem(
                    "mixed_delimiters",
                    "",
                    "the header line uses both ; and , between columns: use one of them",
                    ",".join(CSV_COLUMNS),
                    header.rstrip("\r\n"),
                    "line 1",
                )
            ],
        )
    return ";" if ";" in header else ","


def _read_csv_rows(
    path: Path, reader: Any, delimiter: str = ",", notices: list[Problem] | None = None
) -> list[Submission]:
    header: list[str] = next(reader, [])
    if sorted(header) != sorted(CSV_COLUMNS):
        raise SubmissionError(
            f"{path.name}: the header must be {','.join(CSV_COLUMNS)}, each column once",
            [
                Problem(
                    "bad_header",
                    "",
                    "unknown, missing or repeated columns",
                    ",".join(CSV_COLUMNS),
                    delimiter.join(header),
                    "line 1",
                )
            ],
        )
    lines = array("L")  # the line each data row starts on, blank lines counted
    extra: list[Problem] = []
    other = "," if delimiter == ";" else ";"
    too_many = "more cells than columns"
    if delimiter == ",":
        too_many += (
            ': a decimal comma must be quoted ("85,5") in a comma-separated file, '
            "or the file separated by ;"
        )

    message = f"{path.name}: rows with more cells than the header or another separator"
    width = len(header)
    pick = itemgetter(*(header.index(column) for column in CSV_COLUMNS))
    grouping = _RowGrouping(lambda index, column: f"line {lines[index]}, column {column}")
    add = grouping.add_texts
    start = reader.line_num
    for cells in reader:
        count = len(cells)
        if count == width:
            code, name, year, right, struktur, proses, hasil = pick(cells)
        elif count > width:
            extra.append(Problem("extra_cells", "", too_many, location=f"line {start + 1}"))
            start = reader.line_num
            continue
        elif count + sum(cell.count(other) for cell in cells) >= width:
            # a row short of cells that the other separator would fill was written with it
            extra.append(
                Problem(
                    "mixed_delimiters",
                    "",
                    f"this line separates its cells with {other} but the header with "
                    f"{delimiter}: use one separator in the whole file",
                    delimiter,
                    other,
                    location=f"line {start + 1}",
                )
            )
            start = reader.line_num
            continue
        else:  # a short row: the cells it lacks are empty
            code, name, year, right, struktur, proses, hasil = pick(cells + [""] * (width - count))
        if not any(map(str.strip, cells)):
            start = reader.line_num
            continue  # a blank line
        lines.append(start + 1)
        add(len(lines) - 1, code, name, year, right, struktur, proses, hasil)
        start = reader.line_num

    warned: list[Problem] = []  # handed over only if the file is read: errors come first
    try:
        submissions = grouping.finish(warned)
    except SubmissionError:
        if extra:  # the cells out of place first: they shift every other column
            raise SubmissionError(message, extra) from None
        raise
    if extra:
        raise SubmissionError(message, extra)
    emit_warnings(warned, notices)
    return submissions


def from_dataframe(frame: Any) -> list[Submission]:
    """Return submissions from a DataFrame in the dimension-level layout (see :func:`from_rows`)."""
    return from_rows(frame.to_dict("records"))


def fit_submission(
    submission: Submission, regulation: Regulation
) -> tuple[Submission, tuple[str, ...]]:
    """Return the submission without values ``regulation`` does not score, and their pointers.

    A variant that drops an indicator or a right makes those values unusable,
    not wrong: they are set aside and listed, never silently scored.
    """
    indicators = {k: v for k, v in submission.indicators.items() if regulation.indicator(k)}
    dimensions = {k: v for k, v in submission.dimensions.items() if regulation.right(k)}
    ignored = tuple(
        [f"/indicators/{k}" for k in submission.indicators if k not in indicators]
        + [f"/dimensions/{k}" for k in submission.dimensions if k not in dimensions]
    )
    if not ignored:
        return submission, ()
    return submission.model_copy(
        update={"indicators": indicators, "dimensions": dimensions}
    ), ignored


def fitted(submissions: Sequence[Submission], regulation: Regulation) -> list[Submission]:
    """Return every submission fitted to ``regulation`` (see :func:`fit_submission`)."""
    return [fit_submission(s, regulation)[0] for s in submissions]

"""One reader for submissions and the other kkpham documents, wherever they come from.

Every command and loader that takes submissions reads them here:
:func:`read_contents` (submissions, or another document the caller accepts),
:func:`read_submissions` and :func:`read_submission`;
:func:`kkpham_rules.load_submission` and :func:`kkpham_rules.files.cohort.load_cohort`
are built on them, and :func:`kkpham_rules.load_variant` reads its document
with :func:`read_document`.

**What a source may be.**

* a :class:`~pathlib.Path`: a file, read by its suffix (below), or a folder,
  whose ``*.json`` files are read in name order;
* a ``str``: a path, unless it is a document's own text. A string that holds a
  line break, whose first non-blank character is ``{`` or ``[``, or that is
  blank, is text; any other string is a path (:func:`is_text`). A file whose
  name starts with ``{`` is given as a ``Path``; a one-line YAML text as bytes;
* ``bytes``, or a binary stream such as ``sys.stdin.buffer``: a document's content;
* data already parsed: a mapping (one submission), a
  :class:`~kkpham_rules.submission.Submission`, a list or tuple of those, or a
  DataFrame in the dimension-level layout (anything with ``to_dict``).

**Formats.** ``format`` names one of :data:`FORMATS`; without it a file's
suffix decides (:data:`SUFFIXES`, any case), and content with no suffix to go by
(standard input, bytes, text, a file named otherwise) is recognised by
:func:`sniff`.

=========  ====================================================================
format     what it holds
=========  ====================================================================
``json``   one submission (an object) or several (a list); a file of JSON Lines
           named ``.json`` (as ``kkpham import`` writes a cohort) is read as
           JSON Lines
``yaml``   the same in YAML, read safely (:mod:`kkpham_rules.safe_yaml`: no
           tags, exact decimals, no key given twice), at most 5 MB
``jsonl``  one submission a line, blank lines skipped
``csv``    the dimension-level table (:func:`kkpham_rules.files.cohort.read_csv`)
``xlsx``   a filled-in template workbook (one submission), or a workbook whose
           first sheet has the dimension-level layout
=========  ====================================================================

A single submission file may be at most :data:`~kkpham_rules._safe_yaml.MAX_BYTES`
(5 MB, :func:`read_submission`); a cohort at most :data:`MAX_COHORT_BYTES`.
Every problem of every record is reported at once; in a cohort each pointer
starts with the record's place (``/3``, ``/kota-palu.json``), and a record of
JSON Lines also names its line in ``location`` (``line 5``).

**Documents of another kind.** Every kkpham document but a submission says
what it is in its ``format`` field (``kkpham-simulation/1``...), and the JSON
outputs of ``kkpham validate``, ``regulations``, ``show`` and ``crosswalks``
have shapes of their own: :func:`document_kind` names them, and a reader given
one where it wants a submission says so in one problem, ``wrong_document``
("ini ringkasan simulasi, bukan data penilaian"; "this is a simulation summary,
not a submission"), rather than listing every key a submission lacks.

>>> contents = read_contents(b'{"format": "kkpham-simulation/1", "regions": 514}',
...                          accept=["kkpham-simulation/1"])
>>> contents.kind, contents.data["regions"]
('kkpham-simulation/1', 514)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, Final, Literal, cast, get_args

import attrs
from attrs import frozen

from .._documents import (
    DocumentProblem,
    read_bounded,
    read_head,
    read_json,
    read_yaml,
    unreadable,
    worded,
)
from .._safe_yaml import MAX_BYTES
from ..errors import InputError, Problem, SubmissionError
from ..submission import Submission, parse_submission

if TYPE_CHECKING:
    from ..model import Regulation
    from ..policy.simulate import Simulation
    from ..registry import Registry

__all__ = [
    "FORMATS",
    "MAX_COHORT_BYTES",
    "STDIN",
    "SUBMISSION",
    "SUFFIXES",
    "Contents",
    "Format",
    "document_kind",
    "is_text",
    "one_submission_only",
    "read_contents",
    "read_document",
    "read_simulation",
    "read_submission",
    "read_submissions",
    "simulation_base",
    "sniff",
    "source_name",
    "wrong_document",
]

Format = Literal["json", "yaml", "jsonl", "csv", "xlsx"]
"""A format the reader reads."""

FORMATS: Final[tuple[Format, ...]] = get_args(Format)
"""Every format the reader reads."""

SUFFIXES: Final[Mapping[str, Format]] = MappingProxyType(
    {
        ".json": "json",
        ".yaml": "yaml",
        ".yml": "yaml",
        ".jsonl": "jsonl",
        ".csv": "csv",
        ".xlsx": "xlsx",
    }
)
"""The format of a file, by its suffix (lower case)."""

MAX_COHORT_BYTES: Final = 200 * 1024 * 1024
"""The largest cohort file read, in bytes."""

STDIN: Final = "<stdin>"
"""How standard input is named in messages."""

SUBMISSION: Final = "submission"
"""The kind of a submission, in :func:`document_kind` and :attr:`Contents.kind`."""

_HEAD = 4096
"""How much of a file :func:`sniff` looks at."""

_WANTED: Mapping[str, str] = {
    # a kind (a format without its version) -> what a reader wanting it asks for, in words
    SUBMISSION: "a submission",
    "kkpham-simulation": "a simulation summary",
    "kkpham-variant": "a variant",
    "kkpham-audit-record": "an audit record",
}


@frozen
class Contents:
    """What a source held: its submissions, or a document of a kind the caller accepts."""

    name: str
    """How the source is named in messages: its path, ``<stdin>``, ``<text>`` or ``<data>``."""

    kind: str = SUBMISSION
    """:data:`SUBMISSION`, or the ``format`` of an accepted document of another kind."""

    submissions: tuple[Submission, ...] = ()
    """The submissions, in order (none when ``kind`` is another document's)."""

    single: bool = False
    """Whether the source was one submission document (an object, a template workbook).

    A list, JSON Lines, a table or a folder is not, even of one submission:
    whether a command answers with one result or with a list follows from the
    kind of source, never from how many records it happens to hold.
    """

    data: Any = None
    """The parsed document, when ``kind`` is not :data:`SUBMISSION`."""


def is_text(source: str) -> bool:
    """Return whether a string is a document's text rather than a path.

    Text holds a line break, starts (after blanks) with ``{`` or ``[``, or is
    blank; any other string names a file.

    >>> is_text('{"region": {}}'), is_text("region:\\n  code: '72.71'\\n"), is_text("a.json")
    (True, True, False)
    """
    stripped = source.lstrip()
    return not stripped or "\n" in source or "\r" in source or stripped[0] in "{["


def sniff(head: bytes) -> Format:
    """Return the format of content that has no name to go by, from its first bytes.

    A zip archive is a workbook; content that is not UTF-8 text, is blank, or
    starts with ``{`` or ``[``, is JSON (JSON Lines starts so too, and the JSON reader
    recognises it); a first line naming the ``region_code`` column is CSV;
    anything else is YAML.

    >>> sniff(b"PK\\x03\\x04..."), sniff(b'  {"a": 1}'), sniff(b"region_code;right\\n")
    ('xlsx', 'json', 'csv')
    >>> sniff(b"# Kota Palu\\nregion:\\n"), sniff(b"\\xff\\xfe{")
    ('yaml', 'json')
    """
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data":  # not merely a character cut off
            return "json"  # the JSON reader names the encoding problem (or reads UTF-16)
        text = head[: error.start].decode("utf-8")
    text = text.lstrip("\ufeff \t\r\n")
    if text[:1] in ("{", "[", ""):  # nothing at all: the JSON reader says the file is empty
        return "json"
    if "region_code" in text.split("\n", 1)[0]:
        return "csv"
    return "yaml"


def document_kind(data: Any) -> str | None:
    """Return what kind of kkpham document ``data`` is, or ``None`` if it shows no kind.

    The kind is the document's ``format`` (``"kkpham-simulation/1"``...), or
    :data:`SUBMISSION` for an object with a submission's keys, or, for the JSON
    outputs without a format, the command that writes them (``"kkpham validate
    --json"``).

    >>> document_kind({"format": "kkpham-variant/1", "id": "x"})
    'kkpham-variant/1'
    >>> document_kind({"region": {"code": "72.71"}}), document_kind([1, 2])
    ('submission', None)
    """
    if not isinstance(data, Mapping):
        return None
    found = data.get("format")
    if isinstance(found, str):
        return found
    keys = set(data)
    if {"regulations", "broken_plugins"} <= keys:
        return "kkpham regulations --json"
    if keys == {"crosswalks"}:
        return "kkpham crosswalks --json"
    if {"valid", "warnings"} <= keys:
        return "kkpham validate --json"
    if {"rights", "scoring", "categories", "catalogue"} <= keys:
        return "kkpham show --json"
    if keys & {"region", "assessment_year", "dimensions", "indicators"}:
        return SUBMISSION
    return None


def _family(kind: str) -> str:
    """Return a kind without its version: any version of a kind wanted is that kind."""
    return kind.split("/", 1)[0]


def _wanted_words(wanted: Sequence[str]) -> str:
    return " or ".join(_WANTED.get(_family(kind), f"a {kind} document") for kind in wanted)


def wrong_document(found: str, wanted: Sequence[str] = (SUBMISSION,), pointer: str = "") -> Problem:
    """Return the problem of a document of kind ``found`` where one of ``wanted`` was asked for.

    ``received`` is the kind found and ``expected`` the kinds wanted, in words:

    >>> problem = wrong_document("kkpham-simulation/1")
    >>> problem.code, problem.received, problem.expected
    ('wrong_document', 'kkpham-simulation/1', 'a submission')
    >>> problem.message
    'this is a simulation summary, not a submission; `kkpham report` reads it'
    """
    return worded(Problem("wrong_document", pointer, "", _wanted_words(wanted), found))


def one_submission_only(count: int, pointer: str = "") -> Problem:
    """Return the problem of ``count`` submissions where exactly one can be used."""
    return worded(Problem("not_one_submission", pointer, "", "one submission", str(count)))


def _accepted(kind: str | None, accept: Collection[str]) -> bool:
    return kind is not None and _family(kind) in {_family(wanted) for wanted in accept}


# --- reading bytes ------------------------------------------------------------------------


def _cannot_read(name: str, problem: Problem) -> SubmissionError:
    return SubmissionError(f"cannot read {name}", [problem])


def _head(path: Path, name: str) -> bytes:
    """Return a file's first bytes; a file that cannot be opened is reported as such."""
    try:
        return read_head(path, _HEAD)
    except DocumentProblem as error:
        raise _cannot_read(name, error.problem) from error


def _limit(chosen: Format, max_bytes: int) -> int:
    """Return the most bytes read of a document: YAML, parsed in pure Python, at most 5 MB."""
    return min(max_bytes, MAX_BYTES) if chosen == "yaml" else max_bytes


def _file_bytes(
    path: Path, chosen: Format | None, max_bytes: int, name: str
) -> tuple[Format, bytes]:
    """Return a file's format and bytes, read in one pass (a pipe can be read only once).

    Without ``chosen``, the first bytes decide the format, and with it the limit.
    """
    try:
        with path.open("rb") as stream:
            raw = stream.read(_HEAD)
            found = chosen or sniff(raw)
            limit = _limit(found, max_bytes)
            raw += stream.read(max(limit + 1 - len(raw), 0))
    except OSError as error:
        raise _cannot_read(name, unreadable(path, error).problem) from error
    if len(raw) > limit:
        raise _cannot_read(name, worded(Problem("too_large", "", "", f"at most {limit} bytes")))
    return found, raw


def _stream_bytes(stream: IO[Any], max_bytes: int, name: str) -> bytes:
    """Return what a stream holds, refusing (without reading it all) more than ``max_bytes``."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as error:
        problem = worded(Problem("unreadable_file", "", "", "a readable file", name))
        raise _cannot_read(name, problem) from error
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise _cannot_read(name, worded(Problem("too_large", "", "", f"at most {max_bytes} bytes")))
    return raw


# --- parsing JSON, YAML and JSON Lines ------------------------------------------------------


@frozen
class _Unreadable:
    """A record that could not be parsed at all (in a cohort, reported with the rest)."""

    problem: Problem


@frozen
class _Place:
    """Where a cohort's record is: its step in the cohort's pointer, and its line if it has one.

    A record of JSON Lines is the ``step``-th record (``/3``, counted from 0 as in
    a JSON array, blank lines skipped) on line ``line`` of the text.
    """

    step: str
    line: int | None = None


@frozen
class _Records:
    """A cohort's records as (place, data or :class:`_Unreadable`), e.g. JSON Lines by line."""

    items: list[tuple[_Place, Any]]


def _json_lines(raw: bytes, max_bytes: int) -> _Records:
    """Return the records of a JSON Lines text, each placed by its position and line number."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentProblem(worded(Problem("not_utf8", "", str(error)))) from error
    items: list[tuple[_Place, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        place = _Place(str(len(items)), number)
        try:
            items.append((place, read_json(line, max_bytes)))
        except DocumentProblem as error:
            items.append((place, _Unreadable(error.problem)))
    return _Records(items)


def _holds_lines(raw: bytes, problem: Problem) -> bool:
    """Return whether JSON text refused for what follows its first value is JSON Lines."""
    if problem.code != "not_json" or problem.expected != "the end of the document":
        return False
    first = next((line for line in raw.splitlines() if line.strip()), b"")
    try:
        read_json(first)
    except DocumentProblem:
        return False  # an object over several lines, then more: broken JSON, not JSON Lines
    return True


def _parsed(raw: bytes, chosen: Format, name: str, max_bytes: int, *, lines: bool = True) -> Any:
    """Return the data of a JSON or YAML text, or the records of JSON Lines (:class:`_Records`).

    With ``lines``, JSON text that is JSON Lines is read as such (a ``.json``
    file ``kkpham import`` wrote a cohort to).
    """
    try:
        if chosen == "jsonl":
            return _json_lines(raw, max_bytes)
        if chosen == "yaml":
            return read_yaml(raw, min(max_bytes, MAX_BYTES))
        try:
            return read_json(raw, max_bytes)
        except DocumentProblem as error:
            if lines and _holds_lines(raw, error.problem):
                return _json_lines(raw, max_bytes)
            raise
    except DocumentProblem as error:
        if error.problem.code == "too_large":
            raise _cannot_read(name, error.problem) from error
        words = "YAML" if chosen == "yaml" else "JSON"
        raise SubmissionError(f"the submission is not readable {words}", [error.problem]) from error


# --- sorting data into submissions ------------------------------------------------------------


def _prefixed(problem: Problem, where: _Place) -> Problem:
    """Return a record's problem placed in its cohort: pointer, message and location.

    The pointer is a JSON pointer into the cohort (``/3/region/code``); a line
    of JSON Lines is said in ``location`` (``line 5``), which a person reads.
    """
    location = problem.location
    if where.line is not None:
        line = f"line {where.line}"
        if location and location.startswith("line 1, "):
            location = line + location[len("line 1") :]  # a line of JSON Lines is its own line 1
        else:
            location = f"{line}, {location}" if location else line
        said = line
    else:
        location = f"{where.step}, {location}" if location else None
        said = where.step
    return attrs.evolve(
        problem.under(where.step), message=f"{said}: {problem.message}", location=location
    )


def _cohort(items: Sequence[tuple[_Place, Any]], name: str) -> tuple[Submission, ...]:
    """Return the submissions of a cohort's records; every problem of every record at once."""
    problems: list[Problem] = []
    submissions: list[Submission] = []
    for where, item in items:
        if isinstance(item, _Unreadable):
            problems.append(_prefixed(item.problem, where))
            continue
        kind = document_kind(item)
        if kind not in (None, SUBMISSION):
            problems.append(_prefixed(wrong_document(kind), where))
            continue
        try:
            submissions.append(parse_submission(item))
        except SubmissionError as error:
            problems += [_prefixed(problem, where) for problem in error.problems]
    if problems:
        raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems)
    if not submissions:
        raise SubmissionError(f"no submission in {name}", [worded(Problem("empty_cohort", "", ""))])
    return tuple(submissions)


def _sorted(data: Any, name: str, accept: Collection[str]) -> Contents:
    """Return what parsed data holds: one submission, a cohort, or an accepted document."""
    if isinstance(data, _Records):
        return Contents(name, submissions=_cohort(data.items, name))
    if isinstance(data, list | tuple):
        records = [(_Place(str(index)), item) for index, item in enumerate(data)]
        return Contents(name, submissions=_cohort(records, name))
    kind = document_kind(data)
    if _accepted(kind, accept):
        return Contents(name, kind=cast(str, kind), data=data)
    if kind not in (None, SUBMISSION):
        wanted = [SUBMISSION, *accept]
        raise SubmissionError(
            f"{name}: not {_wanted_words(wanted)}", [wrong_document(kind, wanted)]
        )
    return Contents(name, submissions=(parse_submission(data),), single=True)


def _folder(path: Path, name: str) -> tuple[Submission, ...]:
    """Return the submissions of a folder's ``*.json`` files, one submission each."""
    items: list[tuple[_Place, Any]] = []
    for file in sorted(path.glob("*.json")):
        try:
            items.append((_Place(file.name), read_json(read_bounded(file))))
        except DocumentProblem as error:
            items.append((_Place(file.name), _Unreadable(error.problem)))
    return _cohort(items, name)


# --- tables and workbooks ---------------------------------------------------------------------


def _workbook(path: Path, name: str, notices: list[Problem] | None) -> Contents:
    from .spreadsheet import is_template_workbook, read_cohort_workbook, read_workbook

    if is_template_workbook(path):
        return Contents(name, submissions=(read_workbook(path, notices=notices),), single=True)
    return Contents(name, submissions=tuple(read_cohort_workbook(path, notices=notices)))


def _workbook_bytes(raw: bytes, name: str, notices: list[Problem] | None) -> Contents:
    """Return what a workbook's bytes hold (the workbook reader reads files: one is made)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kkpham-") as folder:
        path = Path(folder) / "workbook.xlsx"
        path.write_bytes(raw)
        try:
            return _workbook(path, name, notices)
        except InputError as error:
            # the messages name the source, not the copy made of it
            message = str(error.args[0]).replace(str(path), name).replace(path.name, name)
            raise type(error)(message, error.problems) from error


def _csv_bytes(raw: bytes, name: str, notices: list[Problem] | None) -> Contents:
    from .cohort import read_csv_text

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _cannot_read(name, worded(Problem("not_utf8", "", str(error)))) from error
    return Contents(name, submissions=tuple(read_csv_text(text, name, notices=notices)))


# --- the reader -------------------------------------------------------------------------------


def source_name(source: object) -> str:
    """Return how messages name a source: its path, ``<stdin>``, ``<text>`` or ``<data>``."""
    if isinstance(source, Path):
        return str(source)
    if isinstance(source, str):
        return "<text>" if is_text(source) else source
    if isinstance(source, bytes):
        return "<text>"
    if _is_stream(source):
        return STDIN if getattr(source, "name", None) == "<stdin>" else "<stream>"
    return "<data>"


def _is_stream(source: object) -> bool:
    return hasattr(source, "read") and not isinstance(source, Mapping)


def _content(source: object, name: str, max_bytes: int) -> bytes | None:
    """Return the bytes of text, bytes or a stream; ``None`` for any other source."""
    if isinstance(source, str):
        return source.encode("utf-8")
    if isinstance(source, bytes):
        return source
    if _is_stream(source):
        return _stream_bytes(cast(IO[Any], source), max_bytes, name)
    return None


def read_contents(
    source: object,
    *,
    format: Format | None = None,
    accept: Collection[str] = (),
    name: str | None = None,
    notices: list[Problem] | None = None,
    max_bytes: int = MAX_COHORT_BYTES,
) -> Contents:
    """Return what ``source`` holds: its submissions, or a document of a kind in ``accept``.

    ``source`` is any of the sources the module describes, read as ``format``
    (else by its suffix, else by its content). ``accept`` lists the formats of
    the other documents the caller takes (``["kkpham-simulation/1"]``; any
    version of the kind is taken, and its own validation judges the version);
    a document of any other kind is refused with a ``wrong_document`` problem.
    ``name`` names the source in messages (by default its path, or
    ``<stdin>``, ``<text>``, ``<data>``). The region warnings of tables and
    workbooks are appended to ``notices`` if given, else issued as Python
    warnings (:func:`kkpham_rules.files.regions.emit_warnings`).

    Raises :class:`~kkpham_rules.errors.SubmissionError` listing every problem.
    """
    label = name or source_name(source)
    if isinstance(source, Submission):
        return Contents(label, submissions=(source,), single=True)
    if isinstance(source, str) and not is_text(source):
        source = Path(source)
    if isinstance(source, Path):
        if source.is_dir():
            return Contents(label, submissions=_folder(source, label))
        chosen = format or SUFFIXES.get(source.suffix.lower())
        if source.is_file():  # the table and workbook readers read the file themselves
            if chosen is None:
                chosen = sniff(_head(source, label))
            if chosen == "csv":
                from .cohort import read_csv

                return Contents(label, submissions=tuple(read_csv(source, notices=notices)))
            if chosen == "xlsx" and source.suffix.lower() == ".xlsx":  # openpyxl asks that
                _head(source, label)  # one that cannot be opened is not "not a workbook"
                return _workbook(source, label, notices)
        chosen, raw = _file_bytes(source, chosen, max_bytes, label)
    else:
        content = _content(source, label, max_bytes)
        if content is None:  # data already parsed
            if hasattr(source, "to_dict") and not isinstance(source, Mapping):
                from .cohort import from_dataframe

                return Contents(label, submissions=tuple(from_dataframe(source)))
            return _sorted(source, label, accept)
        raw = content
        chosen = format or sniff(raw[:_HEAD])
    if chosen == "csv":
        return _csv_bytes(raw, label, notices)
    if chosen == "xlsx":
        return _workbook_bytes(raw, label, notices)
    return _sorted(_parsed(raw, chosen, label, max_bytes), label, accept)


def read_submissions(
    source: object,
    *,
    format: Format | None = None,
    name: str | None = None,
    notices: list[Problem] | None = None,
    max_bytes: int = MAX_COHORT_BYTES,
) -> list[Submission]:
    """Return every submission ``source`` holds, in order (see :func:`read_contents`)."""
    contents = read_contents(source, format=format, name=name, notices=notices, max_bytes=max_bytes)
    return list(contents.submissions)


def read_submission(
    source: object,
    *,
    format: Format | None = None,
    name: str | None = None,
    notices: list[Problem] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Submission:
    """Return the one submission ``source`` holds (see :func:`read_contents`).

    A source of several submissions is refused (``not_one_submission``):
    :func:`read_submissions` reads them all.

    >>> read_submission('{"region": {"code": "72.71", "name": "Kota Palu"},'
    ...                 ' "assessment_year": 2022}').region.name
    'Kota Palu'
    """
    contents = read_contents(source, format=format, name=name, notices=notices, max_bytes=max_bytes)
    if len(contents.submissions) != 1:
        count = len(contents.submissions)
        raise SubmissionError(
            f"{contents.name} holds {count} submissions, not one", [one_submission_only(count)]
        )
    return contents.submissions[0]


def read_document(
    source: object,
    *,
    format: Format | None = None,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Any:
    """Return the parsed data of one JSON or YAML document (a variant, a record...), unchecked.

    ``source`` is a path (a ``Path``, or a ``str`` by :func:`is_text`), text,
    bytes, a binary stream, or data (returned as it is). A file is read by its
    suffix, content without one as :func:`sniff` finds; JSON Lines, CSV and
    workbooks hold submissions, not one document, and are refused
    (``unsupported_format``). Raises :class:`~kkpham_rules.errors.SubmissionError`
    when the source cannot be read or parsed.
    """
    label = name or source_name(source)
    if isinstance(source, str) and not is_text(source):
        source = Path(source)
    if isinstance(source, Path):
        chosen, content = _file_bytes(
            source, format or SUFFIXES.get(source.suffix.lower()), max_bytes, label
        )
    else:
        found = _content(source, label, max_bytes)
        if found is None:
            return source
        content, chosen = found, format or sniff(found[:_HEAD])
    if chosen not in ("json", "yaml"):
        problem = worded(Problem("unsupported_format", "", "", "JSON or YAML", chosen))
        raise SubmissionError(f"{label}: not one JSON or YAML document", [problem])
    return _parsed(content, chosen, label, max_bytes, lines=False)


# --- documents read beside submissions --------------------------------------------------------


def read_simulation(contents: Contents) -> Simulation:
    """Return the simulation summary (``kkpham simulate``'s ``summary.json``) ``contents`` holds.

    Read it with ``accept=["kkpham-simulation/1"]``. Raises
    :class:`~kkpham_rules.errors.InputError` listing every problem.
    """
    from pydantic import ValidationError

    from .._documents import problems_from_validation
    from ..policy.simulate import Simulation

    try:
        return Simulation.model_validate(contents.data)
    except ValidationError as error:
        problems = problems_from_validation(error, contents.data, Simulation)
        label = Path(contents.name).name
        raise InputError(f"{label} is not a readable simulation summary", problems) from error


def simulation_base(simulation: Simulation, registry: Registry | None = None) -> Regulation:
    """Return the base regulation a simulation was run on, at the revision its variants name."""
    from ..registry import default_registry

    found = registry or default_registry()
    if simulation.variants:
        revision = simulation.variants[0].lineage["base"]["revision"]
        return found.get(simulation.base.regulation, revision)
    return found.get(simulation.base.regulation)

"""The work behind each route: bytes in, bytes out, every step a library call.

Each job runs in a worker thread (:func:`.limits.run_limited`) and takes the
request's :class:`~.limits.Deadline` first, checking it where the library gives
a hook. None of them scores, parses or serialises by itself: what the command
line writes for the same input, they return.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
from attrs import frozen

from .._documents import worded
from ..errors import InputError, Problem, SubmissionError, VariantError
from ..files.reading import SUFFIXES, Contents, Format, read_contents
from .answers import Refused
from .forms import SimulationInput, Upload
from .limits import Deadline, check_regions

if TYPE_CHECKING:
    from ..files.template import TemplateFormat
    from ..messages import Lang
    from ..model import Regulation
    from ..policy.variants import Variant
    from ..registry import Registry
    from ..result import Evaluation
    from ..signing import PublicKey
    from ..submission import Submission

__all__ = [
    "BODY",
    "MEDIA_FORMATS",
    "NDJSON",
    "XLSX",
    "Download",
    "EvaluatedCohort",
    "cohort_job",
    "compare_job",
    "evaluation_job",
    "format_of",
    "simulate_job",
    "template_job",
    "verify_job",
]

BODY: Final = "<body>"
"""How messages name the request's body."""

XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NDJSON: Final = "application/x-ndjson"

MEDIA_FORMATS: Final[Mapping[str, Format]] = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "application/x-jsonlines": "jsonl",
    "text/csv": "csv",
    XLSX: "xlsx",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
}
"""The reader a media type names; any other (or none) leaves it to the content."""

Download = Literal["csv", "xlsx"]
"""A table of a simulation's regions, instead of its summary."""


def format_of(media_type: str | None, file_name: str | None = None) -> Format | None:
    """Return the reader for a body or a form's file: by file name's suffix, else media type.

    ``None`` leaves it to the library's recognition of the content
    (:func:`kkpham_rules.files.reading.sniff`). A browser names a CSV file's
    type by the spreadsheet program installed (``application/vnd.ms-excel``),
    so a file's own suffix is believed first.

    >>> format_of("text/csv; charset=utf-8"), format_of("text/plain", "data.XLSX")
    ('csv', 'xlsx')
    >>> format_of("application/octet-stream") is None
    True
    """
    suffix = Path(file_name).suffix.lower() if file_name else ""
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    essence = (media_type or "").split(";")[0].strip().lower()
    return MEDIA_FORMATS.get(essence)


def _registry() -> Registry:
    from ..registry import default_registry

    return default_registry()


def _read(
    source: object,
    format: Format | None,
    name: str,
    max_regions: int,
    notices: list[Problem],
    under: str | None = None,
) -> Contents:
    """Return the submissions ``source`` holds, refusing more than ``max_regions`` (413).

    ``under`` places every problem inside a larger request (``/cohort/...``).
    """
    try:
        contents = read_contents(source, format=format, name=name, notices=notices)
    except InputError as error:
        if under is None:
            raise
        placed = [problem.under(under) for problem in error.problems]
        raise type(error)(str(error.args[0]), placed) from error
    check_regions(len(contents.submissions), max_regions, "" if under is None else f"/{under}")
    return contents


# --- GET /regulations/{id}/template -------------------------------------------------------


def template_job(
    _deadline: Deadline, regulation: str, format: TemplateFormat, year: int | None, lang: Lang
) -> tuple[bytes, str]:
    """Return the template ``kkpham template`` writes, and the file name it is offered under."""
    from ..files.template import template_bytes, template_file_name

    found = _registry().get(regulation)
    return template_bytes(found, format, year, lang), template_file_name(found, format)


# --- POST /evaluate -----------------------------------------------------------------------


def evaluation_job(
    _deadline: Deadline, raw: bytes, regulation: str | None, max_bytes: int
) -> bytes:
    """Return ``Evaluation.to_json()`` of the one submission ``raw`` holds (JSON)."""
    from .._documents import DocumentProblem, read_json
    from ..engine import evaluate

    try:
        data = read_json(raw, max_bytes)
    except DocumentProblem as error:
        raise Refused(400, error.problem) from error
    return evaluate(data, regulation).to_json().encode("utf-8")


# --- POST /evaluate/cohort ----------------------------------------------------------------


@frozen
class EvaluatedCohort:
    """A cohort's evaluations, in input order, and the warnings of reading it."""

    evaluations: Sequence[Evaluation]
    notices: tuple[Problem, ...]


def cohort_job(
    deadline: Deadline,
    raw: bytes,
    media_type: str | None,
    regulation: str | None,
    max_regions: int,
) -> EvaluatedCohort:
    """Return every region's evaluation, as ``kkpham evaluate`` scores a cohort file.

    Every problem of every record is raised at once, before any evaluation is
    sent (:func:`kkpham_rules.engine.evaluate_each`).
    """
    from ..engine import evaluate, evaluate_each

    chosen = _registry().get(regulation) if regulation is not None else None
    notices: list[Problem] = []
    contents = _read(raw, format_of(media_type), BODY, max_regions, notices)
    deadline.check()
    if contents.single:  # one document: its problems stand alone, as /evaluate's do
        evaluations = [evaluate(contents.submissions[0], chosen)]
    else:
        evaluations = evaluate_each(contents.submissions, chosen, progress=deadline.check)
    return EvaluatedCohort(evaluations, tuple(notices))


# --- POST /compare -------------------------------------------------------------------------


def compare_job(
    deadline: Deadline,
    raw: bytes,
    media_type: str | None,
    regulations: Sequence[str],
    max_regions: int,
) -> tuple[bytes, tuple[Problem, ...]]:
    """Return what ``kkpham compare --json`` prints for the body's submissions.

    ``regulations`` are compared in order, the first the baseline; none: every
    installed regulation, as on the command line.
    """
    from ..versions.compare import compare, compared_regulations, comparisons_json

    registry = _registry()
    try:
        targets = compared_regulations(regulations or registry.regulations, registry=registry)
    except InputError as error:  # the names came as ?regulation=, in order
        placed = [_in_query(problem, "/regulations/", "regulation") for problem in error.problems]
        raise type(error)(str(error.args[0]), placed) from error
    notices: list[Problem] = []
    contents = _read(raw, format_of(media_type), BODY, max_regions, notices)
    comparisons = []
    for submission in contents.submissions:  # compare_cohort, with the deadline between regions
        deadline.check()
        comparisons.append(compare(submission, targets, registry=registry))
    return comparisons_json(comparisons).encode("utf-8"), tuple(notices)


def _in_query(problem: Problem, prefix: str, parameter: str) -> Problem:
    """Return a problem the library placed at ``prefix<n>`` placed at ``/query/<parameter>/<n>``."""
    if not problem.pointer.startswith(prefix):
        return problem
    rest = problem.pointer[len(prefix) :]
    return attrs.evolve(problem, pointer=f"/query/{parameter}/{rest}")


# --- POST /verify --------------------------------------------------------------------------


def verify_job(_deadline: Deadline, raw: bytes, trusted: Sequence[PublicKey] | None) -> bytes:
    """Return what ``kkpham verify --json [--trusted ...]`` prints for the audit record ``raw``."""
    from .._json import json_text
    from ..audit import verify

    return json_text(verify(raw, trusted=trusted).model_dump(mode="json")).encode("utf-8")


# --- POST /simulate ------------------------------------------------------------------------


def simulate_job(
    deadline: Deadline, given: SimulationInput, download: Download | None, max_regions: int
) -> bytes:
    """Return ``kkpham simulate``'s ``summary.json``, or its ``regions.csv`` (or as a workbook).

    Every problem of the variants, the cohort and the base is raised at once,
    each placed by the request's field (``/variants/0/...``, ``/cohort/3/...``).
    """
    from ..policy.simulate import simulate, write_regions_csv, write_regions_xlsx

    registry = _registry()
    problems: list[Problem] = []
    variants = _variants(given.variants, registry, problems)
    submissions = _cohort(given, max_regions, problems)
    base = _base(given, variants, submissions, registry, problems)
    if problems:
        raise InputError(f"the simulation cannot run ({len(problems)} problem(s))", problems)
    assert base is not None  # no problems: the base was found
    if submissions is None:
        from ..policy.synth import synthetic_cohort

        assert given.synthetic is not None  # a cohort or a number of regions, checked above
        submissions = synthetic_cohort(base, given.synthetic, given.seed)
    deadline.check()
    try:
        result = simulate(submissions, base, variants, progress=deadline.check, registry=registry)
    except SubmissionError as error:  # the cohort does not fit the base
        placed = [problem.under("cohort") for problem in error.problems]
        raise SubmissionError(str(error.args[0]), placed) from error
    except VariantError as error:  # a variant of another base, two of one name
        placed = [problem.under("variants") for problem in error.problems]
        raise VariantError(str(error.args[0]), placed) from error
    if download == "csv":
        text = io.StringIO(newline="")
        write_regions_csv(result, text)
        return text.getvalue().encode("utf-8")
    if download == "xlsx":
        book = io.BytesIO()
        write_regions_xlsx(result, book)
        return book.getvalue()
    return result.to_json().encode("utf-8")


def _variants(
    sources: Sequence[bytes | Mapping[str, Any]], registry: Registry, problems: list[Problem]
) -> list[Variant]:
    """Return the variants that load, putting the problems of the others under ``/variants/i``."""
    from ..policy.variants import load_variant

    variants = []
    for index, source in enumerate(sources):
        try:
            variants.append(load_variant(source, registry=registry))
        except VariantError as error:
            problems += [problem.under("variants", index) for problem in error.problems]
    return variants


def _cohort(
    given: SimulationInput, max_regions: int, problems: list[Problem]
) -> list[Submission] | None:
    """Return the given cohort's submissions, or ``None`` for a synthetic one (made later)."""
    if given.cohort is not None and given.synthetic is not None:
        problems.append(worded(Problem("two_cohorts", "/synthetic", "")))
        return None
    if given.synthetic is not None:
        check_regions(given.synthetic, max_regions, "/synthetic")
        return None
    if given.cohort is None:
        problems.append(worded(Problem("missing_cohort", "/cohort", "")))
        return None
    if isinstance(given.cohort, Upload):
        source: object = given.cohort.content
        format = format_of(given.cohort.media_type, given.cohort.name)
        name = given.cohort.name
    else:
        source, format, name = list(given.cohort), None, "cohort"
    try:
        return list(_read(source, format, name, max_regions, [], under="cohort").submissions)
    except InputError as error:
        problems += error.problems
        return []


def _base(
    given: SimulationInput,
    variants: Sequence[Variant],
    submissions: Sequence[Submission] | None,
    registry: Registry,
    problems: list[Problem],
) -> Regulation | None:
    """Return the base: the one named, else the variants' base, else the one in force.

    In force for the cohort's data years (one regulation must govern them all),
    or for this year's for a synthetic cohort.
    """
    from ..errors import NoRegulationInForceError

    try:
        if given.regulation is not None:
            return registry.get(given.regulation)
        if variants:  # at the revision the first variant was applied to
            return registry.get(variants[0].base_id, variants[0].base_revision)
        years = sorted({s.assessment_year for s in submissions or ()}) or [date.today().year]
        governing = {registry.in_force(year) for year in years}
        if len(governing) > 1:
            # named as the request names it: the field, not the command line's option
            wanted = "the regulation field"
            problems.append(worded(Problem("mixed_regulations", "/regulation", "", wanted)))
            return None
        return governing.pop()
    except InputError as error:  # a regulation not installed: its problem names /regulation
        problems += error.problems
    except NoRegulationInForceError as error:
        problems.append(
            Problem("year_not_governed", "/regulation", str(error), None, str(error.year))
        )
    return None

"""Cohorts of submissions: reading them, and fitting them to a regulation variant.

A cohort is many regions' submissions for the same exercise: a folder of JSON
files, a JSON Lines file (one submission a line), or a pandas-like DataFrame
in the plain dimension-level layout (one row per region and right).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .documents import DocumentProblem, read_bounded, read_json
from .errors import Problem, SubmissionError, json_pointer
from .model import Regulation
from .submission import Submission, parse_submission

__all__ = ["MAX_COHORT_BYTES", "fit_submission", "fitted", "from_rows", "load_cohort"]

MAX_COHORT_BYTES = 200 * 1024 * 1024
"""The largest cohort file read, in bytes."""


def load_cohort(source: Path | str | Any) -> list[Submission]:
    """Return the submissions of a cohort, in order.

    ``source`` is a folder of ``*.json`` files (sorted by name), a ``.jsonl``
    file, or an object with ``to_dict("records")`` (a DataFrame) in the
    dimension-level layout. Every problem of every region is reported at once,
    the pointer prefixed with the file name or line number.
    """
    if hasattr(source, "to_dict"):
        return from_rows(source.to_dict("records"))
    path = Path(source)
    problems: list[Problem] = []
    submissions: list[Submission] = []
    if path.is_dir():
        items: list[tuple[str, Path | str]] = [(f.name, f) for f in sorted(path.glob("*.json"))]
    else:
        try:
            text = read_bounded(path, MAX_COHORT_BYTES).decode("utf-8")
        except DocumentProblem as error:
            raise SubmissionError(f"cannot read {path}", [error.problem]) from error
        except UnicodeDecodeError as error:
            raise SubmissionError(
                f"cannot read {path}", [Problem("not_utf8", "", str(error))]
            ) from error
        items = [
            (f"line {number}", line)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
    for name, content in items:
        try:
            raw = read_bounded(content) if isinstance(content, Path) else content
            submissions.append(parse_submission(read_json(raw)))
        except DocumentProblem as error:
            problems.append(_prefixed(error.problem, name))
        except SubmissionError as error:
            problems += [_prefixed(problem, name) for problem in error.problems]
    if problems:
        raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems)
    if not submissions:
        raise SubmissionError(f"no submission in {path}", [Problem("empty_cohort", "", str(path))])
    return submissions


def _prefixed(problem: Problem, where: str) -> Problem:
    return Problem(
        problem.code,
        json_pointer([where]) + problem.pointer,
        f"{where}: {problem.message}",
        problem.expected,
        problem.received,
    )


def from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Submission]:
    """Return submissions from dimension-level rows, one per region and right.

    Each row has ``region_code``, ``region_name``, ``assessment_year``,
    ``right``, ``struktur``, ``proses``, ``hasil`` (a missing share may be empty).
    """
    grouped: dict[tuple[str, int], dict[str, Any]] = {}
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        missing = [
            k for k in ("region_code", "region_name", "assessment_year", "right") if k not in row
        ]
        if missing:
            problems.append(
                Problem("missing", json_pointer([index]), f"row {index + 1} lacks {missing}")
            )
            continue
        key = (str(row["region_code"]), int(row["assessment_year"]))
        entry = grouped.setdefault(
            key,
            {
                "region": {"code": key[0], "name": str(row["region_name"])},
                "assessment_year": key[1],
                "dimensions": {},
            },
        )
        shares = {
            d: row[d] for d in ("struktur", "proses", "hasil") if row.get(d) not in (None, "")
        }
        if str(row["right"]) in entry["dimensions"]:
            problems.append(
                Problem(
                    "duplicate_row",
                    json_pointer([index]),
                    f"row {index + 1} repeats right {row['right']!r} of {key[0]}",
                )
            )
        entry["dimensions"][str(row["right"])] = shares
    submissions = []
    for position, data in enumerate(grouped.values()):
        try:
            submissions.append(parse_submission(data))
        except SubmissionError as error:
            problems += [_prefixed(p, f"region {position + 1}") for p in error.problems]
    if problems:
        raise SubmissionError(f"the rows have {len(problems)} problem(s)", problems)
    return submissions


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

"""The same region under several regulation versions: :func:`compare`.

A submission is prepared for one version (the one it names, else the one in
force for its year). Under that version it is evaluated directly; under any
other it is first translated through the crosswalk joining the two, with every
gap, estimate and ignored value listed. Deltas are taken against the first
regulation named.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

import attrs
from pydantic import Field

from .._json import json_text
from .._models import Frozen
from ..engine import check_submission, evaluate
from ..errors import (
    InputError,
    NoCrosswalkError,
    Problem,
    RegulationNotFoundError,
    SubmissionError,
)
from ..model import Regulation
from ..registry import Registry, default_registry
from ..result import Evaluation
from ..rounding import decimal_places
from ..submission import Region, Submission, parse_submission
from .crosswalk import Crosswalk, find_crosswalk

__all__ = [
    "COMPARISON_FORMAT",
    "Comparison",
    "Delta",
    "GapResult",
    "Outcome",
    "RightDelta",
    "cohort_csv",
    "cohort_rows",
    "compare",
    "compare_cohort",
    "compared_regulations",
    "comparisons_json",
    "is_cohort_number",
]

COMPARISON_FORMAT: Final = "kkpham-comparison/1"
"""The version of the comparison format."""


class GapResult(Frozen):
    """Something a translation could not carry over."""

    pointer: str
    code: str
    message: str


class Outcome(Frozen):
    """The submission's result under one regulation version."""

    regulation: str
    revision: int
    short_name: str
    route: Literal["direct", "translated"]
    crosswalk: str | None = Field(description="id@revision of the crosswalk used, if translated.")
    total_score: str
    category: str
    category_label: str
    awarded: bool
    rights: dict[str, str] = Field(description="Right id to score.")
    used: list[str] = Field(
        description="Pointers of the values scored, into the submission this version evaluated "
        "(the translated one when route is 'translated')."
    )
    ignored: list[str] = Field(
        description="Pointers into the original submission this version cannot use."
    )
    missing: list[str] = Field(
        description="Pointers of what this version needed and did not get (scored as not met)."
    )
    gaps: list[GapResult]
    estimates: list[str]
    translated_submission: dict[str, Any] | None
    evaluation: Evaluation


class RightDelta(Frozen):
    """The change in score of rights a crosswalk maps onto each other."""

    from_rights: list[str]
    to_rights: list[str]
    relation: Literal["same", "similar", "none"]
    from_score: str | None
    to_score: str | None
    delta: str | None


class Delta(Frozen):
    """How one outcome differs from the first regulation's outcome."""

    from_regulation: str
    to_regulation: str
    total_delta: str
    category_changed: bool
    rights: list[RightDelta]


class Comparison(Frozen):
    """One submission compared across regulation versions."""

    format: Literal["kkpham-comparison/1"] = COMPARISON_FORMAT
    region: Region
    assessment_year: int
    prepared_for: str
    outcomes: list[Outcome]
    deltas: list[Delta]

    def to_json(self) -> str:
        """Return the comparison as deterministic JSON text."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _used_and_missing(evaluation: Evaluation) -> tuple[list[str], list[str]]:
    used: list[str] = []
    missing = [f"/indicators/{i}" for i in evaluation.missing_indicators]
    for right in evaluation.rights:
        for dimension in right.dimensions:
            pointer = f"/dimensions/{right.id}/{dimension.dimension}"
            if dimension.source == "dimension":
                used.append(pointer)
            elif dimension.source == "none" and Decimal(dimension.points_available) > 0:
                missing.append(pointer)
    used += [f"/indicators/{i.id}" for i in evaluation.indicators if i.status == "scored"]
    return used, missing


def _outcome(
    evaluation: Evaluation,
    regulation: Regulation,
    crosswalk: Crosswalk | None,
    translated: dict[str, Any] | None,
    gaps: Iterable[GapResult] = (),
    estimates: Iterable[str] = (),
    ignored: Iterable[str] = (),
) -> Outcome:
    used, missing = _used_and_missing(evaluation)
    return Outcome(
        regulation=regulation.id,
        revision=regulation.revision,
        short_name=regulation.short_name,
        route="direct" if crosswalk is None else "translated",
        crosswalk=None if crosswalk is None else f"{crosswalk.id}@{crosswalk.revision}",
        total_score=evaluation.total_score,
        category=evaluation.category.code,
        category_label=evaluation.category.label_id,
        awarded=evaluation.category.awarded,
        rights={right.id: right.score for right in evaluation.rights},
        used=used,
        ignored=list(ignored),
        missing=missing,
        gaps=list(gaps),
        estimates=list(estimates),
        translated_submission=translated,
        evaluation=evaluation,
    )


def compared_regulations(
    regulations: Sequence[Regulation | str], *, registry: Registry | None = None
) -> list[Regulation]:
    """Return the regulations a comparison is made under, in the order named, each once.

    Every name that is not installed and every regulation named again (by
    another alias, or at another revision) is reported at once, each problem at
    ``/regulations/<position>``. Raises
    :class:`~kkpham_rules.errors.RegulationNotFoundError` when a name is not
    installed, else :class:`~kkpham_rules.errors.InputError` for a regulation
    named twice or a name that cannot be read (``22/2021@x``).
    """
    registry = registry or default_registry()
    found: list[Regulation] = []
    problems: list[Problem] = []
    missing = False
    first: dict[str, int] = {}
    for position, name in enumerate(regulations):
        where = f"/regulations/{position}"
        try:
            target = name if isinstance(name, Regulation) else registry.get(name)
        except InputError as error:  # not installed, or a revision that is not a number
            missing = missing or isinstance(error, RegulationNotFoundError)
            problems += [attrs.evolve(problem, pointer=where) for problem in error.problems]
            continue
        if first.setdefault(target.short_name, position) != position:
            shown = name if isinstance(name, str) else name.id
            problems.append(
                Problem(
                    "duplicate_regulation",
                    where,
                    f"{shown!r} names {target.id} again",
                    received=shown,
                )
            )
        found.append(target)
    if problems:
        kind = RegulationNotFoundError if missing else InputError
        raise kind(f"the regulations to compare have {len(problems)} problem(s)", problems)
    return found


def compare(
    submission: Submission | Mapping[str, Any],
    regulations: Sequence[Regulation | str],
    *,
    registry: Registry | None = None,
    crosswalks: Iterable[Crosswalk] | None = None,
) -> Comparison:
    """Return the submission evaluated under each regulation, with deltas.

    Raises :class:`~kkpham_rules.versions.crosswalk.NoCrosswalkError` when a named
    regulation is neither the one the submission was prepared for nor joined to
    it by an installed crosswalk.
    """
    submission = parse_submission(submission)
    registry = registry or default_registry()
    crosswalks = tuple(crosswalks) if crosswalks is not None else None
    prepared = (
        registry.get(submission.regulation)
        if submission.regulation is not None
        else registry.in_force(submission.assessment_year)
    )
    _, problems = check_submission(submission, prepared)
    if problems:
        raise SubmissionError(
            f"the submission does not fit {prepared.short_name}, which it was prepared for",
            problems,
        )
    targets = compared_regulations(regulations, registry=registry)
    outcomes = []
    for target in targets:
        if target.id == prepared.id:
            evaluation = evaluate(submission, target, registry=registry)
            outcomes.append(_outcome(evaluation, target, None, None))
            continue
        crosswalk = find_crosswalk(prepared, target, crosswalks)
        translation = crosswalk.translate(submission, prepared, target)
        evaluation = evaluate(translation.submission, target, registry=registry)
        outcomes.append(
            _outcome(
                evaluation,
                target,
                crosswalk,
                translation.submission,
                (
                    GapResult(pointer=g.pointer, code=g.code, message=g.message)
                    for g in translation.gaps
                ),
                translation.estimates,
                translation.ignored,
            )
        )
    deltas = [
        _delta(outcomes[0], outcome, targets[0], target, crosswalks)
        for outcome, target in zip(outcomes[1:], targets[1:], strict=True)
    ]
    return Comparison(
        region=submission.region,
        assessment_year=submission.assessment_year,
        prepared_for=prepared.id,
        outcomes=outcomes,
        deltas=deltas,
    )


def _mean(scores: Mapping[str, str], ids: Sequence[str]) -> Decimal | None:
    if not ids:
        return None
    return sum((Decimal(scores[i]) for i in ids), Decimal(0)) / len(ids)


def _delta(
    first: Outcome,
    other: Outcome,
    first_regulation: Regulation,
    other_regulation: Regulation,
    crosswalks: Iterable[Crosswalk] | None,
) -> Delta:
    rights: list[RightDelta] = []
    try:
        crosswalk = find_crosswalk(first_regulation, other_regulation, crosswalks)
    except NoCrosswalkError:
        crosswalk = None
    if crosswalk is not None:
        forward = crosswalk.a == first_regulation.id
        for mapping in crosswalk.rights:
            from_ids, to_ids = (mapping.a, mapping.b) if forward else (mapping.b, mapping.a)
            before, after = _mean(first.rights, from_ids), _mean(other.rights, to_ids)
            rights.append(
                RightDelta(
                    from_rights=list(from_ids),
                    to_rights=list(to_ids),
                    relation=mapping.relation,
                    from_score=None if before is None else decimal_places(before),
                    to_score=None if after is None else decimal_places(after),
                    delta=None
                    if before is None or after is None
                    else decimal_places(after - before),
                )
            )
    return Delta(
        from_regulation=first.regulation,
        to_regulation=other.regulation,
        total_delta=str(Decimal(other.total_score) - Decimal(first.total_score)),
        category_changed=first.category != other.category,
        rights=rights,
    )


def compare_cohort(
    submissions: Iterable[Submission | Mapping[str, Any]],
    regulations: Sequence[Regulation | str],
    *,
    registry: Registry | None = None,
) -> list[Comparison]:
    """Return :func:`compare` for every submission of a cohort, in order."""
    return [compare(submission, regulations, registry=registry) for submission in submissions]


def comparisons_json(comparisons: Sequence[Comparison]) -> str:
    """Return comparisons as the JSON list ``kkpham compare --json`` prints."""
    return json_text([comparison.model_dump(mode="json") for comparison in comparisons])


def cohort_rows(comparisons: Sequence[Comparison]) -> list[dict[str, str]]:
    """Return one flat row per region: scores, categories and routes per version, deltas."""
    rows = []
    for comparison in comparisons:
        row = {
            "region_code": comparison.region.code,
            "region_name": comparison.region.name,
            "assessment_year": str(comparison.assessment_year),
            "prepared_for": comparison.prepared_for,
        }
        for outcome in comparison.outcomes:
            key = outcome.short_name
            row[f"{key} total"] = outcome.total_score
            row[f"{key} category"] = outcome.category
            row[f"{key} route"] = outcome.route
            row[f"{key} gaps"] = str(len(outcome.gaps))
        for delta in comparison.deltas:
            row[f"delta {delta.to_regulation} vs {delta.from_regulation}"] = delta.total_delta
        rows.append(row)
    return rows


def is_cohort_number(column: str) -> bool:
    """Return whether a column of :func:`cohort_rows` holds a number (totals, deltas, counts)."""
    return (
        column == "assessment_year"
        or column.endswith((" total", " gaps"))
        or (column.startswith("delta "))
    )


def cohort_csv(comparisons: Sequence[Comparison]) -> str:
    """Return the cohort table as CSV text (header from the first row)."""
    rows = cohort_rows(comparisons)
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()

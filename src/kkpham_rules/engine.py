"""Scoring a submission under a regulation: :func:`evaluate`.

The path, in order:

1. choose the regulation (the caller's, the submission's, or the one in force);
2. check the submission against it, gathering *every* problem;
3. score each right's three dimensions, from the dimension-level achievement if
   given, else from the indicators (a missing indicator earns nothing and is
   listed);
4. sum each right, average the rights, round once, read the category;
5. attach the trace and the provenance.

All arithmetic is on exact fractions; rounding happens only when a figure is
written into the result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any, Literal, TypeGuard

from attrs import frozen

from ._digest import canonical_digest
from ._trace import CellParts, citation_result
from ._version import __version__
from .errors import (
    InputError,
    KkphamError,
    NoRegulationInForceError,
    Problem,
    SubmissionError,
    json_pointer,
)
from .model import Dimension, Indicator, Regulation, Right
from .plan import Ratio, fixed_text, units_text
from .registry import Registry, default_registry
from .result import EVALUATION_FORMAT, Evaluation, Notice
from .rounding import plain
from .rules import ParsedValue, Rule
from .submission import Submission, parse_submission

__all__ = [
    "PLACEHOLDER_REGION_CODE",
    "check_submission",
    "evaluate",
    "evaluate_each",
    "input_hash",
    "rule_data",
    "score_total",
]

PLACEHOLDER_REGION_CODE = "00.00"
"""The region code a blank template carries; a submission must replace it."""


@frozen
class _Scored:
    """An indicator's value after checking, with its achievement."""

    indicator: Indicator
    value: ParsedValue
    achievement: Fraction


def evaluate(
    submission: Submission | Mapping[str, Any],
    regulation: Regulation | str | None = None,
    *,
    registry: Registry | None = None,
) -> Evaluation:
    """Return the evaluation of ``submission`` under a regulation.

    ``regulation`` may be a :class:`~kkpham_rules.model.Regulation`, an id or
    alias (``"22/2021"``), or ``None``: then the submission's own
    ``regulation`` field, else the regulation in force for its assessment year.
    ``registry`` defaults to the installed plugins.

    Raises :class:`~kkpham_rules.errors.SubmissionError` listing every problem
    if the submission is malformed or does not fit the regulation.
    """
    registry = registry or default_registry()
    try:
        submission = parse_submission(submission)
    except SubmissionError as error:
        more = _ids_problems_of_raw(submission, regulation, registry)
        if more:
            problems = [*error.problems, *more]
            raise SubmissionError(
                f"the submission has {len(problems)} problem(s)", problems
            ) from error
        raise
    warnings: list[Notice] = []
    chosen, selected_by = _choose(submission, regulation, registry, warnings)
    scored, problems = _check(submission, chosen)
    if problems:
        raise SubmissionError(
            f"the submission does not fit {chosen.short_name} ({len(problems)} problem(s))",
            problems,
        )
    if submission.region.code == PLACEHOLDER_REGION_CODE:
        warnings.append(
            Notice(
                code="placeholder_region",
                pointer="/region/code",
                message="the region code is still the template's placeholder (00.00); "
                "give the Kemendagri code before this result is used",
            )
        )
    return _score(submission, chosen, selected_by, scored, warnings)


def evaluate_each(
    submissions: Iterable[Submission | Mapping[str, Any]],
    regulation: Regulation | str | None = None,
    *,
    registry: Registry | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Evaluation]:
    """Return the evaluation of every submission of a cohort, in order.

    Each is :func:`evaluate` under ``regulation`` (a regulation, an id or
    alias, or ``None``: each submission's own, else the one in force for its
    year). Every problem of every record is reported at once, in one
    :class:`~kkpham_rules.errors.SubmissionError`, each pointer prefixed with
    the record's position (``/3/indicators/...``); a record whose year no
    regulation governs (or several do) is one ``year_not_governed`` problem. A
    ``regulation`` that is not installed is refused once, before any record
    (:class:`~kkpham_rules.errors.RegulationNotFoundError`).

    ``progress``, if given, is called with the number of records done after
    each one; an exception it raises stops the work (a caller's time limit).
    """
    registry = registry or default_registry()
    chosen = registry.get(regulation) if isinstance(regulation, str) else regulation
    evaluations: list[Evaluation] = []
    problems: list[Problem] = []
    for position, submission in enumerate(submissions):
        try:
            evaluations.append(evaluate(submission, chosen, registry=registry))
        except InputError as error:  # a record naming a regulation not installed, too
            problems += [problem.under(position) for problem in error.problems]
        except NoRegulationInForceError as error:
            problems.append(
                Problem(
                    "year_not_governed",
                    json_pointer([position, "assessment_year"]),
                    str(error),
                    ", ".join(error.candidates) or None,
                    str(error.year),
                )
            )
        if progress is not None:
            progress(position + 1)
    if problems:
        raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems)
    return evaluations


def input_hash(submission: Submission) -> str:
    """Return ``sha256:<hex>`` of the submission, keys in canonical order.

    Values keep the form they were given in (``50`` and ``50.0`` are different
    inputs as written and hash differently), so the hash identifies exactly
    what was submitted.
    """
    return canonical_digest(submission.model_dump(mode="json", by_alias=True, exclude_none=True))


def _choose(
    submission: Submission,
    regulation: Regulation | str | None,
    registry: Registry,
    warnings: list[Notice],
) -> tuple[Regulation, Literal["argument", "submission", "year"]]:
    year = submission.assessment_year
    selected_by: Literal["argument", "submission", "year"]
    if isinstance(regulation, Regulation):
        chosen, selected_by = regulation, "argument"
    elif regulation is not None:
        chosen, selected_by = registry.get(regulation), "argument"
    elif submission.regulation is not None:
        chosen, selected_by = registry.get(submission.regulation), "submission"
    else:
        return registry.in_force(year), "year"
    # (a submission naming exactly the chosen id needs no look-up: it agrees)
    if selected_by == "argument" and submission.regulation not in (None, chosen.id):
        assert submission.regulation is not None
        try:
            named_id = registry.get(submission.regulation).id
        except KkphamError:
            named_id = submission.regulation  # not installed: the caller's choice stands
        if named_id != chosen.id:
            warnings.append(
                Notice(
                    code="regulation_overridden",
                    pointer="/regulation",
                    message=f"the submission names {submission.regulation}; "
                    f"scored under {chosen.short_name} as the caller asked",
                )
            )
    if year not in chosen.governs:
        warnings.append(
            Notice(
                code="regulation_not_in_force",
                pointer="/assessment_year",
                message=f"{chosen.short_name} does not govern assessment year {year} "
                f"(it governs {chosen.governs.first}-{chosen.governs.last or 'now'}); "
                "the result is a what-if, not the official basis",
            )
        )
    return chosen, selected_by


def check_submission(
    submission: Submission, regulation: Regulation
) -> tuple[dict[str, ParsedValue], list[Problem]]:
    """Return the parsed value of every given indicator, and every problem found.

    The same checks :func:`evaluate` makes (unknown ids, values that do not fit
    an indicator's kind or rule, both levels for one right and dimension), for
    callers that score in bulk.
    """
    scored, problems = _check(submission, regulation)
    return {key: hit.value for key, hit in scored.items()}, problems


def _check(
    submission: Submission, regulation: Regulation
) -> tuple[dict[str, _Scored], list[Problem]]:
    """Return every given indicator's achievement and every problem found."""
    problems: list[Problem] = []
    scored: dict[str, _Scored] = {}
    problems += _unknown_ids(submission.indicators, submission.dimensions, regulation)
    for indicator_id, entry in submission.indicators.items():
        pointer = json_pointer(["indicators", indicator_id])
        indicator = regulation.indicator(indicator_id)
        if indicator is None:
            continue
        if entry.value is None:
            continue  # declared unavailable: scored as missing, like an absent one
        value, reason = indicator.value_kind.parse(entry.value)
        if value is None:
            problems.append(
                Problem(
                    "invalid_value",
                    pointer,
                    f"{reason} for {indicator.unit!r}",
                    indicator.value_kind.value,
                    _shown(entry.value),
                )
            )
            continue
        reason = indicator.rule.rejects(value)  # the rule kind knows what it leaves unscored
        if reason is not None:
            problems.append(
                Problem(
                    "invalid_value",
                    pointer,
                    reason,
                    indicator.value_kind.value,
                    _shown(entry.value),
                )
            )
            continue
        scored[indicator_id] = _Scored(indicator, value, indicator.rule.achievement(value))
    if not scored:
        return scored, problems  # no indicator value given: no level can conflict
    for right_id, achieved in submission.dimensions.items():
        pointer = json_pointer(["dimensions", right_id])
        if regulation.right(right_id) is None:
            continue
        for dimension in Dimension:
            if getattr(achieved, dimension.value) is None:
                continue
            both = [i.id for i in regulation.indicators_for(right_id, dimension) if i.id in scored]
            if both:
                problems.append(
                    Problem(
                        "conflicting_levels",
                        f"{pointer}/{dimension.value}",
                        f"{right_id} {dimension.value} is given both as a dimension share and as "
                        f"indicator values ({', '.join(both)}); give one or the other",
                    )
                )
    return scored, problems


def _unknown_ids(
    indicator_ids: Iterable[object], right_ids: Iterable[object], regulation: Regulation
) -> list[Problem]:
    """Return a problem for every indicator or right id the regulation does not have."""
    problems = [
        Problem(
            "unknown_indicator",
            json_pointer(["indicators", str(indicator_id)]),
            f"{regulation.short_name} has no indicator {indicator_id!r}",
            "an indicator id listed by `kkpham template`",
            str(indicator_id),
        )
        for indicator_id in indicator_ids
        if regulation.indicator(str(indicator_id)) is None
    ]
    unknown = [right_id for right_id in right_ids if regulation.right(str(right_id)) is None]
    if unknown:
        known = ", ".join(right.id for right in regulation.rights)
        problems += [
            Problem(
                "unknown_right",
                json_pointer(["dimensions", str(right_id)]),
                f"{regulation.short_name} has no right {right_id!r}",
                known,
                str(right_id),
            )
            for right_id in unknown
        ]
    return problems


def _ids_problems_of_raw(
    raw: object, regulation: Regulation | str | None, registry: Registry
) -> list[Problem]:
    """Return the unknown ids of a submission that failed its shape checks.

    So that one pass reports every problem: if the regulation can be told
    (argument, the submission's own name, or its year), the raw keys are checked
    against it too. If it cannot, nothing is added.
    """
    if not isinstance(raw, Mapping):
        return []
    try:
        if isinstance(regulation, Regulation):
            chosen = regulation
        elif regulation is not None:
            chosen = registry.get(regulation)
        elif isinstance(raw.get("regulation"), str):
            chosen = registry.get(raw["regulation"])
        elif type(raw.get("assessment_year")) is int:
            chosen = registry.in_force(raw["assessment_year"])
        else:
            return []
    except KkphamError:
        return []
    indicators, dimensions = raw.get("indicators"), raw.get("dimensions")
    return _unknown_ids(
        indicators if isinstance(indicators, Mapping) else (),
        dimensions if isinstance(dimensions, Mapping) else (),
        chosen,
    )


@frozen
class _Cell:
    """One right-and-dimension's achievement (an exact ratio), its source and its trace."""

    source: Literal["indicators", "dimension", "none"]
    achievement: Ratio
    missing: list[str]
    indicators: list[dict[str, Any]]
    unencoded: int


def _score(
    submission: Submission,
    regulation: Regulation,
    selected_by: Literal["argument", "submission", "year"],
    scored: dict[str, _Scored],
    warnings: list[Notice],
) -> Evaluation:
    """Return the evaluation: total and category now, the rest of the trace when first read.

    Each figure is computed from integers and rounded once (:mod:`.plan`).
    """
    plan = regulation.plan
    parts = plan.trace
    cells = _cells(submission, regulation, scored)
    units, position = plan.classify(plan.total(cells if _all_ratios(cells) else _ratios(cells)))
    known = {
        "format": EVALUATION_FORMAT,
        "region": submission.region,
        "assessment_year": submission.assessment_year,
        "regulation": parts.summaries[selected_by],
        "total_score": units_text(units, plan.places),
        "max_score": parts.max_score,
        "category": parts.categories[position],
        "scoring": parts.scoring,
        "rounding": parts.rounding,
    }
    return Evaluation._with_pending_trace(
        known, partial(_full_trace, submission, regulation, cells, warnings, known)
    )


_Computed = Ratio | _Cell
"""A cell as scored: a given share's ratio (the common case), or a weighed cell."""


def _ratio(cell: _Computed) -> Ratio:
    return cell if isinstance(cell, tuple) else cell.achievement


def _ratios(cells: list[list[_Computed]]) -> list[list[Ratio]]:
    return [[_ratio(cell) for cell in row] for row in cells]


def _all_ratios(cells: list[list[_Computed]]) -> TypeGuard[list[list[Ratio]]]:
    return all(isinstance(cell, tuple) for row in cells for cell in row)


def _cells(
    submission: Submission, regulation: Regulation, scored: dict[str, _Scored]
) -> list[list[_Computed]]:
    """Return every right's three cells, scored."""
    parts = regulation.plan.trace
    trace = regulation.scoring.trace_places
    rows: list[list[_Computed]] = []
    for right, fixed_cells in zip(regulation.rights, parts.cells, strict=True):
        given = submission.dimensions.get(right.id)
        shares = (
            (None, None, None) if given is None else (given.struktur, given.proses, given.hasil)
        )
        row: list[_Computed] = []
        for fixed, share in zip(fixed_cells, shares, strict=True):
            if share is not None and not fixed.encoded:  # dimension level, the common case
                num, den = share.as_integer_ratio()
                row.append((num, den * 100))
            else:
                row.append(_score_cell(right, fixed, share, scored, submission, trace, regulation))
        rows.append(row)
    return rows


def _full_trace(
    submission: Submission,
    regulation: Regulation,
    cells: list[list[_Computed]],
    warnings: list[Notice],
    known: dict[str, Any],
) -> dict[str, Any]:
    """Return every field of the evaluation, validated against the output models at once."""
    plan = regulation.plan
    parts = plan.trace
    trace, places = plan.trace_places, plan.places
    warnings = list(warnings)
    rights: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    missing_all: list[str] = []
    point_numerators, point_denominator = plan.point_numerators, plan.point_denominator
    for r, (right, row) in enumerate(zip(regulation.rights, cells, strict=True)):
        dimension_results = []
        not_given: list[Notice] = []  # the right's dimensions with no input, worth points
        for d, (fixed, cell) in enumerate(zip(parts.cells[r], row, strict=True)):
            if isinstance(cell, tuple):
                (num, den), source, missing, unencoded = cell, "dimension", [], 0
            else:
                (num, den), source, missing = cell.achievement, cell.source, cell.missing
                unencoded = cell.unencoded
                indicators += cell.indicators
                missing_all += missing
                if unencoded:
                    warnings.append(
                        Notice(
                            code="unencoded_indicators",
                            pointer=json_pointer(["dimensions", right.id, fixed.dimension.value]),
                            message=f"{right.id} {fixed.dimension.value}: {unencoded} of the "
                            f"regulation's {fixed.declared} indicators are not "
                            "encoded and are scored as not met",
                        )
                    )
                if source == "none" and fixed.no_input is not None:
                    not_given.append(fixed.no_input)
            dimension_results.append(
                {
                    "dimension": fixed.dimension.value,
                    "source": source,
                    "achievement_percent": fixed_text(100 * num, den, trace),
                    "points_available": parts.points_available[d],
                    "points_earned": fixed_text(
                        point_numerators[d] * num, point_denominator * den, trace
                    ),
                    "indicators_declared": fixed.declared,
                    "indicators_encoded": len(fixed.encoded),
                    "indicators_unencoded": unencoded,
                    "indicators_missing": missing,
                }
            )
        if not_given:
            # a right left out entirely gets one warning, not one per dimension
            nothing = all(not isinstance(c, tuple) and c.source == "none" for c in row)
            warnings += [parts.no_input[r]] if nothing else not_given
        right_num, right_den = plan.right_points([_ratio(c) for c in row])
        rights.append(
            {
                **parts.rights[r],
                "score": fixed_text(right_num, right_den, places),
                "dimensions": dimension_results,
            }
        )
    if missing_all:
        warnings.append(
            Notice(
                code="missing_indicators",
                pointer="/indicators",
                message=f"{len(missing_all)} indicator(s) were not given and are scored "
                "as not met: " + ", ".join(missing_all),
            )
        )
    if parts.catalogue_notice is not None:
        warnings.append(parts.catalogue_notice)
    complete = Evaluation.model_validate(
        {
            **known,
            "rights": rights,
            "indicators": indicators,
            "missing_indicators": missing_all,
            "warnings": warnings,
            "provenance": {
                "library": "kkpham-rules",
                "library_version": __version__,
                "regulation_id": regulation.id,
                "regulation_revision": regulation.revision,
                "regulation_hash": regulation.content_hash,
                "input_hash": input_hash(submission),
            },
        }
    )
    return dict(complete.__dict__)


def score_total(submission: Submission, regulation: Regulation) -> tuple[str, str]:
    """Return the rounded total and category code :func:`evaluate` would give, without a trace.

    For bulk callers: the same checks and the same exact arithmetic, none of the
    result objects.
    """
    scored, problems = _check(submission, regulation)
    if problems:
        raise SubmissionError(f"the submission does not fit {regulation.short_name}", problems)
    plan = regulation.plan
    cells = []
    for right, fixed_cells in zip(regulation.rights, plan.trace.cells, strict=True):
        given = submission.dimensions.get(right.id)
        cells.append(
            [
                _score_cell(
                    right,
                    fixed,
                    None if given is None else getattr(given, fixed.dimension.value),
                    scored,
                    submission,
                    0,
                    regulation,
                ).achievement
                for fixed in fixed_cells
            ]
        )
    units, position = plan.classify(plan.total(cells))
    return units_text(units, plan.places), plan.ordered_categories[position].code


def _score_cell(
    right: Right,
    fixed: CellParts,
    share_given: Decimal | None,
    scored: dict[str, _Scored],
    submission: Submission,
    places: int,
    regulation: Regulation,
) -> _Cell:
    """Return the achievement (0 to 1) of one right's dimension.

    A given share is used as is. Otherwise the indicators are weighed; where the
    regulation declares more indicators than are encoded, the unencoded ones
    count (at weight 1 each) as not met, so a partial catalogue never inflates a
    score.
    """
    encoded = fixed.encoded
    dimension = fixed.dimension
    if share_given is not None:
        num, den = share_given.as_integer_ratio()
        available = regulation.scoring.points(dimension)
        superseded = [
            _indicator_result(
                i, None, "superseded", Fraction(0), available, Fraction(0), places, submission
            )
            for i in encoded
        ]
        return _Cell("dimension", (num, den * 100), [], superseded, 0)
    if not encoded:
        return _Cell("none", (0, 1), [], [], 0)
    available = regulation.scoring.points(dimension)
    declared = fixed.declared
    unencoded = max(0, declared - len(encoded)) if declared is not None else 0
    total_weight = sum((i.weight for i in encoded), Fraction(0)) + unencoded
    achievement = Fraction(0)
    missing: list[str] = []
    results: list[dict[str, Any]] = []
    for indicator in encoded:
        share = indicator.weight / total_weight
        hit = scored.get(indicator.id)
        if hit is None:
            missing.append(indicator.id)
            results.append(
                _indicator_result(
                    indicator, None, "missing", Fraction(0), available, share, places, submission
                )
            )
        else:
            achievement += share * hit.achievement
            results.append(
                _indicator_result(
                    indicator, hit, "scored", hit.achievement, available, share, places, submission
                )
            )
    return _Cell(
        "indicators",
        (achievement.numerator, achievement.denominator),
        missing,
        results,
        unencoded,
    )


def _indicator_result(
    indicator: Indicator,
    hit: _Scored | None,
    status: Literal["scored", "missing", "superseded"],
    achievement: Fraction,
    available: Fraction,
    share: Fraction,
    places: int,
    submission: Submission,
) -> dict[str, Any]:
    entry = submission.indicators.get(indicator.id)
    return {
        "id": indicator.id,
        "right": indicator.right_id,
        "dimension": indicator.dimension.value,
        "number": indicator.number,
        "wording_id": indicator.wording_id,
        "wording_en": indicator.wording_en,
        "status": status,
        "value": None if entry is None or entry.value is None else _shown_value(entry.value),
        "evidence": [] if entry is None else list(entry.evidence),
        "rule": indicator.rule.to_data(),
        "achievement": None if hit is None else _fixed(achievement, places),
        "weight_share": _fixed(share, places),
        "points_available": _fixed(available * share, places),
        "points_earned": _fixed(
            available * share * achievement if status == "scored" else Fraction(0), places
        ),
        "citation": citation_result(indicator.citation),
    }


def rule_data(rule: Rule) -> dict[str, Any]:
    """Return a rule as JSON-ready data, numbers as decimal strings (its ``to_data()``)."""
    return rule.to_data()


def _fixed(value: Fraction, places: int) -> str:
    return fixed_text(value.numerator, value.denominator, places)


def _shown_value(value: bool | Any) -> bool | str:
    return value if isinstance(value, bool | str) else plain(value)


def _shown(value: object) -> str:
    return json.dumps(_shown_value(value), ensure_ascii=False)

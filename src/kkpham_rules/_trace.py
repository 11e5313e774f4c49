"""The parts of an evaluation's trace that depend on the regulation alone.

Citations, category results, each right's fixed fields, the scoring and
rounding policies: the same in every evaluation under one regulation, so
they are built once per scoring plan and shared (they are frozen models).
"""

from __future__ import annotations

from typing import Any, Literal

from attrs import frozen

from .errors import json_pointer
from .model import Category, Citation, Dimension, Indicator, Regulation, Right
from .plan import DIMENSIONS, ScoringPlan, fixed_text
from .result import (
    CategoryResult,
    CitationResult,
    Notice,
    RegulationSummary,
    RoundingPolicy,
    ScoringPolicy,
)
from .rounding import decimal_text

__all__ = ["CellParts", "TraceParts", "citation_result", "trace_parts"]

SelectedBy = Literal["argument", "submission", "year"]


def citation_result(citation: Citation) -> CitationResult:
    """Return a citation as it appears in results."""
    return CitationResult(
        instrument=citation.instrument,
        status=citation.status,
        pasal=citation.pasal,
        ayat=citation.ayat,
        lampiran=citation.lampiran,
        sources=tuple(citation.sources),
        note=citation.note,
    )


def _category_result(category: Category, places: int) -> CategoryResult:
    lower = category.lower
    upper = category.upper
    return CategoryResult(
        code=category.code,
        label_id=category.label_id,
        label_en=category.label_en,
        awarded=category.awarded,
        lower=fixed_text(lower.numerator, lower.denominator, places),
        upper=None if upper is None else fixed_text(upper.numerator, upper.denominator, places),
        citation=citation_result(category.citation),
    )


@frozen(eq=False)
class CellParts:
    """What the regulation fixes about one right's dimension."""

    dimension: Dimension
    declared: int | None
    """How many indicators the regulation declares here (if known)."""
    encoded: tuple[Indicator, ...]
    """The indicators the catalogue encodes here, in order."""
    no_input: Notice | None
    """The warning when nothing is given (``None`` where the dimension is worth 0 points)."""


@frozen(eq=False)
class TraceParts:
    """The regulation-only parts of every evaluation's trace (see the module docstring)."""

    summaries: dict[SelectedBy, RegulationSummary]
    categories: tuple[CategoryResult, ...]
    """Per position in :attr:`ScoringPlan.ordered_categories`."""
    rights: tuple[dict[str, Any], ...]
    """Each right's fixed fields (everything but its score and dimensions)."""
    points_available: tuple[str, str, str]
    """Each dimension's points, at trace precision."""
    cells: tuple[tuple[CellParts, CellParts, CellParts], ...]
    """Per right and dimension: what the regulation fixes about that cell."""
    no_input: tuple[Notice, ...]
    """Per right: the one warning when none of its dimensions is given (or encoded)."""
    max_score: str
    scoring: ScoringPolicy
    rounding: RoundingPolicy
    catalogue_notice: Notice | None


def trace_parts(plan: ScoringPlan) -> TraceParts:
    """Return the regulation-only trace parts of ``plan``'s regulation."""
    regulation = plan.regulation
    scoring = regulation.scoring
    places = plan.places
    right_max = scoring.right_max
    max_score = fixed_text(right_max.numerator, right_max.denominator, places)
    return TraceParts(
        summaries={
            selected_by: _summary(regulation, selected_by)
            for selected_by in ("argument", "submission", "year")
        },
        categories=tuple(_category_result(c, places) for c in plan.ordered_categories),
        rights=tuple(
            {
                "id": right.id,
                "name_id": right.name_id,
                "name_en": right.name_en,
                "max_score": max_score,
                "weight": decimal_text(right.weight),
                "citation": citation_result(right.citation),
            }
            for right in regulation.rights
        ),
        points_available=(
            plan.points_text(0, plan.trace_places),
            plan.points_text(1, plan.trace_places),
            plan.points_text(2, plan.trace_places),
        ),
        cells=tuple(
            (
                _cell(regulation, right, DIMENSIONS[0]),
                _cell(regulation, right, DIMENSIONS[1]),
                _cell(regulation, right, DIMENSIONS[2]),
            )
            for right in regulation.rights
        ),
        no_input=tuple(
            Notice(
                code="no_input",
                pointer=json_pointer(["dimensions", right.id]),
                message=f"no struktur, proses or hasil share is given for {right.id} and "
                f"{regulation.short_name} has no encoded indicator for it: the right scores 0",
            )
            for right in regulation.rights
        ),
        max_score=max_score,
        scoring=ScoringPolicy(
            dimension_points={d.value: decimal_text(scoring.points(d)) for d in Dimension},
            citation=citation_result(scoring.citation),
            rollup="weighted_mean_of_rights",
            rollup_citation=citation_result(scoring.rollup_citation),
        ),
        rounding=RoundingPolicy(
            score_places=places,
            trace_places=plan.trace_places,
            mode="half-up",
            category_from=scoring.classify_on,
            citation=citation_result(scoring.rounding_citation),
        ),
        catalogue_notice=None
        if regulation.catalogue_complete
        else Notice(
            code="catalogue_incomplete",
            pointer="",
            message=f"{regulation.short_name}'s indicator catalogue is incomplete here: "
            f"{len(regulation.indicators)} of "
            + (
                "an unknown number of"
                if regulation.declared_indicator_total is None
                else str(regulation.declared_indicator_total)
            )
            + " indicators are encoded; rights and "
            "dimensions without them need dimension-level input",
        ),
    )


def _cell(regulation: Regulation, right: Right, dimension: Dimension) -> CellParts:
    return CellParts(
        dimension=dimension,
        declared=right.declared_count(dimension),
        encoded=regulation.indicators_for(right.id, dimension),
        no_input=Notice(
            code="no_input",
            pointer=json_pointer(["dimensions", right.id, dimension.value]),
            message=f"no {dimension.value} share is given for {right.id} and "
            f"{regulation.short_name} has no encoded indicator for it: scored 0",
        )
        if regulation.scoring.points(dimension) > 0
        else None,
    )


def _summary(regulation: Regulation, selected_by: SelectedBy) -> RegulationSummary:
    return RegulationSummary(
        id=regulation.id,
        revision=regulation.revision,
        short_name=regulation.short_name,
        title=regulation.title,
        content_hash=regulation.content_hash,
        selected_by=selected_by,
        catalogue_complete=regulation.catalogue_complete,
        indicators_encoded=len(regulation.indicators),
        indicators_declared=regulation.declared_indicator_total,
    )

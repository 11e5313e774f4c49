"""A readable account of how every point of an evaluation was earned or lost.

:func:`explain` writes, per right and dimension, where the points came from
(a dimension share, or each indicator with its value, rule and achievement),
what was lost, and the legal basis of each figure, from the evaluation's own
trace and the regulation it names.
"""

from __future__ import annotations

from decimal import Decimal

from .describe import describe_rule
from .model import Regulation, locator
from .result import CitationResult, Evaluation, IndicatorResult

__all__ = ["explain"]


def _num(text: str) -> str:
    """Return a decimal string without trailing zeros ("10.500000" -> "10.5")."""
    value = Decimal(text)
    normal = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return format(normal, "f")


def _cite(citation: CitationResult) -> str:
    where = locator(citation.pasal, citation.ayat, citation.lampiran)
    return f"[{citation.instrument}: {where}; {citation.status}]"


def _indicator_line(result: IndicatorResult, regulation: Regulation) -> str:
    indicator = regulation.indicator(result.id)
    rule = describe_rule(indicator.rule, indicator.unit) if indicator else result.rule["kind"]
    head = f'{result.id} "{result.wording_id}"'
    earned, available = _num(result.points_earned), _num(result.points_available)
    if result.status == "missing":
        return (
            f"    - {head}: not given, scored as not met: 0 of {available} {_cite(result.citation)}"
        )
    if result.status == "superseded":
        return f"    . {head}: not used (dimension given as a share) {_cite(result.citation)}"
    achievement = _num(str(Decimal(result.achievement or "0") * 100))
    sign = "+" if result.points_earned == result.points_available else "~"
    return (
        f"    {sign} {head}: value {result.value} -> {achievement}% ({rule}) "
        f"-> {earned} of {available} {_cite(result.citation)}"
    )


def explain(evaluation: Evaluation, regulation: Regulation) -> str:
    """Return the evaluation as text a person can follow, figure by figure."""
    if regulation.content_hash != evaluation.regulation.content_hash:
        raise ValueError("the evaluation was computed under other regulation data")
    lines = [
        f"{evaluation.region.name} ({evaluation.region.code}), data year "
        f"{evaluation.assessment_year}",
        f"Regulation {evaluation.regulation.short_name} ({evaluation.regulation.id}, revision "
        f"{evaluation.regulation.revision})",
        "",
    ]
    points = evaluation.scoring.dimension_points
    lines.append(
        f"Each right is worth struktur {_num(points['struktur'])} + proses "
        f"{_num(points['proses'])} + hasil {_num(points['hasil'])} points "
        f"{_cite(evaluation.scoring.citation)}."
    )
    by_cell: dict[tuple[str, str], list[IndicatorResult]] = {}
    for result in evaluation.indicators:
        by_cell.setdefault((result.right, result.dimension), []).append(result)
    for right in evaluation.rights:
        lines += [
            "",
            f"{right.name_id} ({right.id}): {right.score} of {right.max_score} "
            f"{_cite(right.citation)}",
        ]
        for dimension in right.dimensions:
            earned, available = _num(dimension.points_earned), _num(dimension.points_available)
            lost = _num(str(Decimal(dimension.points_available) - Decimal(dimension.points_earned)))
            share = _num(dimension.achievement_percent)
            if dimension.source == "dimension":
                how = f"{share}% achievement given at dimension level"
            elif dimension.source == "indicators":
                how = f"from {dimension.indicators_encoded} indicator(s)"
            else:
                how = "no input and no encoded indicator: scored 0"
            lines.append(
                f"  {dimension.dimension}: {earned} of {available} points, {lost} lost; {how}"
            )
            if dimension.source == "indicators":
                lines += [
                    _indicator_line(result, regulation)
                    for result in by_cell.get((right.id, dimension.dimension), [])
                ]
    category = evaluation.category
    bound = f"{_num(category.lower)} <= total" + (
        f" < {_num(category.upper)}" if category.upper is not None else ""
    )
    weights = {right.weight for right in evaluation.rights}
    mean = (
        f"mean of the {len(evaluation.rights)} right scores"
        if len(weights) == 1
        else "weighted mean of the right scores (weights "
        + ", ".join(f"{r.id} {r.weight}" for r in evaluation.rights)
        + ")"
    )
    lines += [
        "",
        f"Total: {mean} = {evaluation.total_score}, "
        f"rounded half up to {evaluation.rounding.score_places} decimals "
        f"{_cite(evaluation.scoring.rollup_citation)}",
        f"Category: {category.label_id} ({bound}){' - awarded' if category.awarded else ''} "
        f"{_cite(category.citation)}",
    ]
    if evaluation.warnings:
        lines += ["", "Warnings:"] + [f"  - {w.message}" for w in evaluation.warnings]
    return "\n".join(lines) + "\n"

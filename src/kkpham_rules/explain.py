"""A readable account of how every point of an evaluation was earned or lost.

:func:`explain` writes, per right and dimension, where the points came from
(a dimension share, or each indicator with its value, rule and achievement),
what was lost, and the legal basis of each figure, from the evaluation's own
trace and the regulation it names. It is written in Indonesian or English
(``lang``; the words are the ``explain.`` labels of
:data:`kkpham_rules.messages.LABELS`); names taken from the regulation stay as
the regulation writes them.
"""

from __future__ import annotations

from decimal import Decimal

from .describe import describe_rule
from .messages import Lang, citation_text, label, render
from .model import Regulation, locator
from .result import CitationResult, Evaluation, IndicatorResult

__all__ = ["explain"]


def _num(text: str) -> str:
    """Return a decimal string without trailing zeros ("10.500000" -> "10.5")."""
    value = Decimal(text)
    normal = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return format(normal, "f")


def _cite(citation: CitationResult, lang: Lang) -> str:
    where = locator(citation.pasal, citation.ayat, citation.lampiran)
    return citation_text(f"[{citation.instrument}: {where}; {citation.status}]", lang)


def _indicator_line(result: IndicatorResult, regulation: Regulation, lang: Lang) -> str:
    indicator = regulation.indicator(result.id)
    rule = describe_rule(indicator.rule, indicator.unit) if indicator else result.rule["kind"]
    head = f'{result.id} "{result.wording_id}"'
    cite = _cite(result.citation, lang)
    earned, available = _num(result.points_earned), _num(result.points_available)
    if result.status == "missing":
        return label("explain.missing", lang, head=head, available=available, cite=cite)
    if result.status == "superseded":
        return label("explain.superseded", lang, head=head, cite=cite)
    achievement = _num(str(Decimal(result.achievement or "0") * 100))
    sign = "+" if result.points_earned == result.points_available else "~"
    return label(
        "explain.indicator",
        lang,
        sign=sign,
        head=head,
        value=result.value,
        achievement=achievement,
        rule=rule,
        earned=earned,
        available=available,
        cite=cite,
    )


def explain(evaluation: Evaluation, regulation: Regulation, lang: Lang = "en") -> str:
    """Return the evaluation as text a person can follow, figure by figure, in ``lang``.

    English by default, as before ``lang`` existed; ``kkpham explain`` passes ``--lang``.
    """
    if regulation.content_hash != evaluation.regulation.content_hash:
        raise ValueError("the evaluation was computed under other regulation data")
    region, named = evaluation.region, evaluation.regulation
    lines = [
        label(
            "explain.region",
            lang,
            name=region.name,
            code=region.code,
            year=evaluation.assessment_year,
        ),
        label(
            "explain.regulation",
            lang,
            short_name=named.short_name,
            id=named.id,
            revision=named.revision,
        ),
        "",
    ]
    points = {key: _num(value) for key, value in evaluation.scoring.dimension_points.items()}
    lines.append(
        label("explain.worth", lang, **points, cite=_cite(evaluation.scoring.citation, lang))
    )
    by_cell: dict[tuple[str, str], list[IndicatorResult]] = {}
    for result in evaluation.indicators:
        by_cell.setdefault((result.right, result.dimension), []).append(result)
    for right in evaluation.rights:
        said = label(
            "explain.right",
            lang,
            name=right.name_id,
            id=right.id,
            score=right.score,
            max=right.max_score,
            cite=_cite(right.citation, lang),
        )
        lines += ["", said]
        for dimension in right.dimensions:
            earned, available = _num(dimension.points_earned), _num(dimension.points_available)
            lost = _num(str(Decimal(dimension.points_available) - Decimal(dimension.points_earned)))
            share = _num(dimension.achievement_percent)
            if dimension.source == "dimension":
                how = label("explain.source_dimension", lang, share=share)
            elif dimension.source == "indicators":
                how = label("explain.source_indicators", lang, count=dimension.indicators_encoded)
            else:
                how = label("explain.source_none", lang)
            lines.append(
                label(
                    "explain.dimension",
                    lang,
                    dimension=dimension.dimension,
                    earned=earned,
                    available=available,
                    lost=lost,
                    how=how,
                )
            )
            if dimension.source == "indicators":
                lines += [
                    _indicator_line(result, regulation, lang)
                    for result in by_cell.get((right.id, dimension.dimension), [])
                ]
    category = evaluation.category
    upper = f" < {_num(category.upper)}" if category.upper is not None else ""
    bound = label("explain.bound", lang, lower=_num(category.lower), upper=upper)
    weights = {right.weight for right in evaluation.rights}
    mean = (
        label("explain.mean", lang, count=len(evaluation.rights))
        if len(weights) == 1
        else label(
            "explain.weighted_mean",
            lang,
            weights=", ".join(f"{r.id} {r.weight}" for r in evaluation.rights),
        )
    )
    lines += [
        "",
        label(
            "explain.total",
            lang,
            mean=mean,
            total=evaluation.total_score,
            places=evaluation.rounding.score_places,
            cite=_cite(evaluation.scoring.rollup_citation, lang),
        ),
        label(
            "explain.category",
            lang,
            label=category.label_id,
            bound=bound,
            awarded=label("explain.awarded", lang) if category.awarded else "",
            cite=_cite(category.citation, lang),
        ),
    ]
    if evaluation.warnings:
        warned = [
            w.message if lang == "en" else render(w, lang, evaluation=evaluation)
            for w in evaluation.warnings
        ]
        lines += ["", label("explain.warnings", lang)] + [f"  - {line}" for line in warned]
    return "\n".join(lines) + "\n"

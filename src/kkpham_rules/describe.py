"""Regulations and templates as plain JSON-ready data.

One description serves the ``kkpham show`` and ``kkpham template`` commands
and the generated regulation reference in the docs, so the law is written
down once (in the plugin's data) and shown the same way everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .engine import PLACEHOLDER_REGION_CODE
from .model import Citation, Dimension, Indicator, Regulation
from .rounding import decimal_text
from .rules import Rule

if TYPE_CHECKING:
    from .registry import Registry

__all__ = [
    "citation_data",
    "csv_template_rows",
    "describe_regulation",
    "describe_rule",
    "indicator_data",
    "regulation_listing",
    "submission_template",
]


def citation_data(citation: Citation) -> dict[str, Any]:
    """Return a citation as JSON-ready data with a readable ``label``."""
    return {
        "label": citation.label(),
        "instrument": citation.instrument,
        "status": citation.status,
        "pasal": citation.pasal,
        "ayat": citation.ayat,
        "lampiran": citation.lampiran,
        "sources": list(citation.sources),
        "note": citation.note,
    }


def describe_rule(rule: Rule, unit: str) -> str:
    """Return a one-line description of a scoring rule, for people (its ``describe()``)."""
    return rule.describe(unit)


def indicator_data(indicator: Indicator) -> dict[str, Any]:
    """Return what an indicator declares, as JSON-ready data (as ``kkpham show --json``)."""
    return {
        "id": indicator.id,
        "right": indicator.right_id,
        "dimension": indicator.dimension.value,
        "number": indicator.number,
        "wording_id": indicator.wording_id,
        "wording_en": indicator.wording_en,
        "unit": indicator.unit,
        "value_kind": indicator.value_kind.value,
        "rule": indicator.rule.to_data(),
        "rule_text": describe_rule(indicator.rule, indicator.unit),
        "weight": decimal_text(indicator.weight),
        "evidence": list(indicator.evidence),
        "citation": citation_data(indicator.citation),
    }


def describe_regulation(regulation: Regulation) -> dict[str, Any]:
    """Return everything a regulation declares, as JSON-ready data."""
    scoring = regulation.scoring
    return {
        "id": regulation.id,
        "revision": regulation.revision,
        "revision_date": regulation.revision_date.isoformat(),
        "title": regulation.title,
        "short_name": regulation.short_name,
        "aliases": list(regulation.aliases),
        "enacted": None if regulation.enacted is None else regulation.enacted.isoformat(),
        "promulgated": None
        if regulation.promulgated is None
        else regulation.promulgated.isoformat(),
        "citation": citation_data(regulation.citation),
        "governs": {
            "first": regulation.governs.first,
            "last": regulation.governs.last,
            "citation": citation_data(regulation.governs.citation),
        },
        "content_hash": regulation.content_hash,
        "plugin": regulation.plugin,
        "catalogue": {
            "complete": regulation.catalogue_complete,
            "indicators_encoded": len(regulation.indicators),
            "indicators_declared": regulation.declared_indicator_total,
        },
        "notes": list(regulation.notes),
        "scoring": {
            "dimension_points": {
                dimension.value: decimal_text(scoring.points(dimension)) for dimension in Dimension
            },
            "right_max": decimal_text(scoring.right_max),
            "score_places": scoring.score_places,
            "trace_places": scoring.trace_places,
            "classify_on": scoring.classify_on,
            "citation": citation_data(scoring.citation),
            "rollup_citation": citation_data(scoring.rollup_citation),
            "rounding_citation": citation_data(scoring.rounding_citation),
        },
        "categories": [
            {
                "code": category.code,
                "label_id": category.label_id,
                "label_en": category.label_en,
                "lower": decimal_text(category.lower),
                "upper": None if category.upper is None else decimal_text(category.upper),
                "awarded": category.awarded,
                "citation": citation_data(category.citation),
            }
            for category in regulation.categories
        ],
        "rights": [
            {
                "id": right.id,
                "name_id": right.name_id,
                "name_en": right.name_en,
                "group": right.group,
                "indicators": {
                    dimension.value: {
                        "declared": right.declared_count(dimension),
                        "encoded": len(regulation.indicators_for(right.id, dimension)),
                    }
                    for dimension in Dimension
                },
                "citation": citation_data(right.citation),
            }
            for right in regulation.rights
        ],
        "indicators": [indicator_data(indicator) for indicator in regulation.indicators],
    }


def regulation_listing(registry: Registry) -> dict[str, Any]:
    """Return the installed regulations and broken plugins as JSON-ready data.

    What ``kkpham regulations --json`` prints and ``GET /regulations`` answers.
    """
    listed = [
        {
            "id": r.id,
            "short_name": r.short_name,
            "revision": r.revision,
            "title": r.title,
            "governs": {"first": r.governs.first, "last": r.governs.last},
            "rights": len(r.rights),
            "indicators_encoded": len(r.indicators),
            "indicators_declared": r.declared_indicator_total,
            "catalogue_complete": r.catalogue_complete,
            "content_hash": r.content_hash,
        }
        for r in registry.regulations
    ]
    return {
        "regulations": listed,
        "broken_plugins": [problem.to_dict() for problem in registry.problems],
    }


def submission_template(regulation: Regulation, year: int | None = None) -> dict[str, Any]:
    """Return an empty submission for ``regulation``, ready to fill in.

    Every encoded indicator is listed with ``value: null`` and a ``note`` giving
    its unit and rule; every right is listed under ``dimensions`` with its three
    dimension keys set to ``null``. A null is "not given": fill in a value, or
    leave it and it is scored as not met (and listed as such). Give each right's
    dimension either here or through its indicators, not both.
    """
    return {
        "region": {"code": PLACEHOLDER_REGION_CODE, "name": "NAMA KABUPATEN/KOTA"},
        "assessment_year": year
        if year is not None
        else (regulation.governs.last or regulation.governs.first),
        "regulation": regulation.id,
        "indicators": {
            indicator.id: {
                "value": None,
                "evidence": [],
                "note": f"{indicator.right_id}/{indicator.dimension.value}: {indicator.wording_id} "
                f"[{indicator.unit}; {indicator.value_kind.value}; "
                f"{describe_rule(indicator.rule, indicator.unit)}]",
            }
            for indicator in regulation.indicators
        },
        "dimensions": {
            right.id: {dimension.value: None for dimension in Dimension}
            for right in regulation.rights
        },
    }


def csv_template_rows(regulation: Regulation, year: int | None = None) -> list[dict[str, str]]:
    """Return the dimension-level CSV layout for one region, shares left empty."""
    template = submission_template(regulation, year)
    return [
        {
            "region_code": template["region"]["code"],
            "region_name": template["region"]["name"],
            "assessment_year": str(template["assessment_year"]),
            "right": right.id,
            "struktur": "",
            "proses": "",
            "hasil": "",
        }
        for right in regulation.rights
    ]

"""A regulation written back as its data file: the next revision, numbered and dated.

:func:`regulation_data` turns a :class:`~kkpham_rules.model.Regulation` back
into the data format the loader reads (``kkpham-regulation/1``), so that
loading the data gives the same regulation, with the same content hash.
:func:`revision_text` writes such data as YAML, loads it back through the same
loader and checks every plugin's data goes through, and puts a header on it
that pins the content hash (the loader refuses the file if it is edited later:
a correction is a new revision). :func:`next_revision` numbers it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import yaml

from ..loader import load_regulation_text
from ..model import Citation, Dimension, Indicator, Regulation
from ..registry import Registry
from ..regulation_data import FORMAT
from ..rounding import decimal_text, plain

__all__ = [
    "citation_data",
    "indicator_data",
    "next_revision",
    "regulation_data",
    "revision_text",
]


def _number(value: Fraction) -> Decimal | int:
    # written as a YAML number, read back exactly (the loader reads decimals, never floats)
    return value.numerator if value.denominator == 1 else Decimal(decimal_text(value))


def citation_data(citation: Citation, own_id: str) -> dict[str, Any]:
    """Return a citation as data; ``instrument`` left out where it is the regulation's own."""
    data: dict[str, Any] = {"status": citation.status}
    if citation.instrument != own_id:
        data["instrument"] = citation.instrument
    for key in ("pasal", "ayat", "lampiran"):
        if getattr(citation, key) is not None:
            data[key] = getattr(citation, key)
    if citation.sources:
        data["sources"] = list(citation.sources)
    if citation.note is not None:
        data["note"] = citation.note
    return data


_NUMERIC = frozenset({"target", "points", "lower", "upper", "achievement"})
_BAND_DEFAULTS = {"lower": None, "upper": None, "lower_inclusive": True, "upper_inclusive": False}


def _numbers(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Return a rule's entry with its decimal strings as numbers."""
    return {
        key: _number(Fraction(value)) if key in _NUMERIC and isinstance(value, str) else value
        for key, value in entry.items()
    }


def _rule_data(rule: Mapping[str, Any]) -> dict[str, Any]:
    """Return a rule's ``to_data()`` as the data file writes it: numbers, no defaults."""
    data = _numbers(rule)
    if data.get("better") == "higher":
        del data["better"]
    if "bands" in data:
        data["bands"] = [
            {
                key: value
                for key, value in _numbers(band).items()
                if key not in _BAND_DEFAULTS or _BAND_DEFAULTS[key] != value
            }
            for band in data["bands"]
        ]
        # a declared gap states all four of its ends
        data["gaps"] = [_numbers(gap) for gap in data["gaps"]]
        if not data["gaps"]:
            del data["gaps"]
    if "levels" in data:
        data["levels"] = [_numbers(level) for level in data["levels"]]
    return data


def indicator_data(indicator: Indicator, own_id: str) -> dict[str, Any]:
    """Return one indicator as the data file writes it."""
    data: dict[str, Any] = {
        "id": indicator.id,
        "right": indicator.right_id,
        "dimension": indicator.dimension.value,
    }
    if indicator.number is not None:
        data["number"] = indicator.number
    data |= {
        "wording_id": indicator.wording_id,
        "wording_en": indicator.wording_en,
        "unit": indicator.unit,
        "value_kind": indicator.value_kind.value,
        "rule": _rule_data(indicator.rule.to_data()),
    }
    if indicator.weight != 1:
        data["weight"] = _number(indicator.weight)
    if indicator.evidence:
        data["evidence"] = list(indicator.evidence)
    data["citation"] = citation_data(indicator.citation, own_id)
    return data


def regulation_data(regulation: Regulation) -> dict[str, Any]:
    """Return ``regulation`` in the data format its plugin's files use.

    Loading the result (:func:`kkpham_rules.loader.regulation_from_data`) gives
    a regulation with the same content hash.
    """
    own = regulation.id
    scoring = regulation.scoring

    def cited(citation: Citation) -> dict[str, Any]:
        return citation_data(citation, own)

    rights = []
    for right in regulation.rights:
        entry: dict[str, Any] = {"id": right.id, "name_id": right.name_id, "name_en": right.name_en}
        if right.group is not None:
            entry["group"] = right.group
        if right.weight != 1:
            entry["weight"] = _number(right.weight)
        entry["declared_counts"] = {d.value: right.declared_count(d) for d in Dimension}
        entry["citation"] = cited(right.citation)
        rights.append(entry)
    return {
        "format": FORMAT,
        "id": own,
        "revision": regulation.revision,
        "revision_date": regulation.revision_date,
        "title": regulation.title,
        "short_name": regulation.short_name,
        "aliases": list(regulation.aliases),
        "enacted": regulation.enacted,
        "promulgated": regulation.promulgated,
        "citation": cited(regulation.citation),
        "governs": {
            "first": regulation.governs.first,
            "last": regulation.governs.last,
            "citation": cited(regulation.governs.citation),
        },
        "declared_indicator_total": regulation.declared_indicator_total,
        "notes": list(regulation.notes),
        "scoring": {
            "dimension_points": {d.value: _number(scoring.points(d)) for d in Dimension},
            "score_places": scoring.score_places,
            "trace_places": scoring.trace_places,
            "classify_on": scoring.classify_on,
            "citation": cited(scoring.citation),
            "rollup_citation": cited(scoring.rollup_citation),
            "rounding_citation": cited(scoring.rounding_citation),
        },
        "categories": [
            {
                "code": category.code,
                "label_id": category.label_id,
                "label_en": category.label_en,
                "lower": _number(category.lower),
                "upper": None if category.upper is None else _number(category.upper),
                "awarded": category.awarded,
                "citation": cited(category.citation),
            }
            for category in regulation.categories
        ],
        "rights": rights,
        "indicators": [indicator_data(indicator, own) for indicator in regulation.indicators],
    }


class _Dumper(yaml.SafeDumper):
    """YAML with exact decimals written as plain numbers, in the order the data gives."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    # a whole number is written as one (10, not 10.0), so that it needs no explicit tag
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", plain(value))


_Dumper.add_representer(Decimal, _decimal)


def _yaml(data: Mapping[str, Any]) -> str:
    text: str = yaml.dump(
        dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    return text


def revision_text(
    data: Mapping[str, Any], plugin: str, header: Sequence[str] = ()
) -> tuple[str, Regulation]:
    """Return ``data`` as a revision file's text, and the regulation it loads as.

    The text is loaded back through :func:`~kkpham_rules.loader.load_regulation_text`
    (raising :class:`~kkpham_rules.errors.PluginError` with every problem if it
    does not validate); its first lines are ``header`` as comments, then a line
    ``# content_hash: sha256:...`` that the loader checks whenever it reads the
    file. The same data gives the same bytes.
    """
    body = _yaml(data)
    # text this module wrote, not a person: libyaml may parse it (see kkpham_rules._safe_yaml)
    regulation = load_regulation_text(body, plugin=plugin, fast=True)
    # one comment line each: a line break inside one would end the comment
    lines = [f"# {' '.join(line.split())}".rstrip() for line in header]
    lines.append(f"# content_hash: {regulation.content_hash}")
    return "\n".join(lines) + "\n" + body, regulation


def next_revision(registry: Registry, regulation_id: str) -> int:
    """Return the number after the highest revision of ``regulation_id`` the registry has."""
    return 1 + max(
        (r.revision for r in registry.revisions if r.id == regulation_id),
        default=0,
    )

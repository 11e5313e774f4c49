"""A realistic synthetic cohort, for demos and benchmarks: :func:`synthetic_cohort`.

Every region is marked synthetic in its name ("... (SINTETIS)"): these are not
real data. Values are correlated the way real submissions are: each region has
a latent capacity; rights vary around it; struktur (rules in place) is mostly
all-or-nothing, proses and hasil follow capacity with noise. The same seed gives
the same cohort on every machine.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from .model import Dimension, Regulation
from .rules import BandsRule, OrdinalRule, PresenceRule, TargetRule, ValueKind
from .submission import Submission, parse_submission

__all__ = ["PROVINCE_CODES", "synthetic_cohort"]

PROVINCE_CODES = (
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34",
    "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74",
    "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
)  # fmt: skip
"""The 38 provinces' Kemendagri codes."""


def _percent(value: float) -> Decimal:
    """Return a share clipped to 0-100 with two decimals, exactly."""
    return Decimal(round(min(max(value, 0.0), 100.0) * 100)).scaleb(-2)


def synthetic_cohort(
    regulation: Regulation, regions: int = 514, seed: int = 1, year: int | None = None
) -> list[Submission]:
    """Return ``regions`` synthetic submissions for ``regulation``, reproducibly from ``seed``.

    Cells with encoded indicators get indicator values (by each rule's kind);
    the others get dimension-level shares.
    """
    rng = np.random.default_rng(seed)
    year = year if year is not None else (regulation.governs.last or regulation.governs.first)
    per_province = np.bincount(
        np.arange(regions) % len(PROVINCE_CODES), minlength=len(PROVINCE_CODES)
    )
    codes = [
        f"{province}.{number:02d}"
        for province, count in zip(PROVINCE_CODES, per_province, strict=True)
        for number in range(1, count + 1)
    ]
    submissions = []
    for index, code in enumerate(codes):
        capacity = float(rng.beta(6, 2))  # most regions do fairly well, a tail does not
        dimensions: dict[str, dict[str, Decimal]] = {}
        indicators: dict[str, Any] = {}
        for right in regulation.rights:
            level = min(max(capacity + float(rng.normal(0, 0.08)), 0.0), 1.0)
            for dimension in Dimension:
                encoded = regulation.indicators_for(right.id, dimension)
                if encoded:
                    for indicator in encoded:
                        indicators[indicator.id] = _indicator_value(
                            indicator.rule, indicator.value_kind, level, rng
                        )
                    continue
                if dimension is Dimension.STRUKTUR:
                    share = (
                        100.0 if rng.random() < 0.35 + 0.65 * level else float(rng.choice([0, 50]))
                    )
                elif dimension is Dimension.PROSES:
                    share = 100 * level + float(rng.normal(5, 10))
                else:
                    share = 100 * level + float(rng.normal(-5, 14))
                dimensions.setdefault(right.id, {})[dimension.value] = _percent(share)
        kind = "Kota" if index % 5 == 0 else "Kabupaten"
        submissions.append(
            parse_submission(
                {
                    "region": {"code": code, "name": f"{kind} {code} (SINTETIS)"},
                    "assessment_year": year,
                    "regulation": regulation.id,
                    "indicators": indicators,
                    "dimensions": dimensions,
                }
            )
        )
    return submissions


def _indicator_value(rule: Any, kind: ValueKind, level: float, rng: np.random.Generator) -> Any:
    if isinstance(rule, PresenceRule):
        return bool(rng.random() < 0.3 + 0.7 * level)
    if isinstance(rule, OrdinalRule):
        ordered = sorted(rule.levels, key=lambda item: item.achievement)
        position = min(int(level * len(ordered) + rng.normal(0, 0.5)), len(ordered) - 1)
        return ordered[max(position, 0)].code
    if isinstance(rule, TargetRule):
        target = float(rule.target)
        raw = (
            target * (level + float(rng.normal(0, 0.1)))
            if rule.better == "higher"
            else (target * (2 - level + float(rng.normal(0, 0.1))))
        )
        return _number(raw, kind)
    assert isinstance(rule, BandsRule)
    ranked = sorted(rule.bands, key=lambda band: band.points, reverse=True)
    band = ranked[
        min(int((1 - level) * len(ranked) + rng.normal(0, 0.6)) % len(ranked), len(ranked) - 1)
    ]
    return _number(float(band.sample()), kind)


def _number(value: float, kind: ValueKind) -> Decimal:
    if kind is ValueKind.COUNT:
        return Decimal(max(round(value), 0))
    if kind is ValueKind.PERCENT:
        return _percent(value)
    return Decimal(round(max(value, 0.0) * 100)).scaleb(-2)

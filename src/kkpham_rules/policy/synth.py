"""A realistic synthetic cohort, for demos and benchmarks: :func:`synthetic_cohort`.

Every region is marked synthetic in its name ("... (SINTETIS)"): these are not
real data. Values are correlated the way real submissions are: each region has
a latent capacity; rights vary around it; struktur (rules in place) is mostly
all-or-nothing, proses and hasil follow capacity with noise. The same seed gives
the same cohort on every machine.

Region codes have the Kemendagri form ``PP.NN``: the 38 provinces' codes, each
with numbers 01 to 99, so there are :data:`CODES_PER_ROUND` (3,762) distinct
codes, far more than the 514 real regions. A larger cohort (for load tests)
deals the codes out again in further *rounds*: a code then repeats, and the
name tells the regions apart and says which round a region is in
(``"Kabupaten 11.01 ulangan 2 (SINTETIS)"``; "ulangan" is "repeat"). A cohort
of up to 3,762 regions is one round, exactly as this module made it before
rounds existed, so a seed gives the same cohort it always gave; a larger cohort
begins with the 3,762-region one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from ..model import Dimension, Regulation
from ..rules import Rule, ValueKind
from ..submission import Submission, parse_submission

__all__ = ["CODES_PER_ROUND", "PROVINCE_CODES", "synthetic_cohort"]

PROVINCE_CODES = (
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34",
    "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74",
    "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
)  # fmt: skip
"""The 38 provinces' Kemendagri codes."""

CODES_PER_ROUND = len(PROVINCE_CODES) * 99
"""How many distinct codes ``PP.NN`` there are (NN from 01 to 99): 3,762."""


def _percent(value: float) -> Decimal:
    """Return a share clipped to 0-100 with two decimals, exactly."""
    return Decimal(round(min(max(value, 0.0), 100.0) * 100)).scaleb(-2)


def synthetic_cohort(
    regulation: Regulation, regions: int = 514, seed: int = 1, year: int | None = None
) -> list[Submission]:
    """Return ``regions`` synthetic submissions for ``regulation``, reproducibly from ``seed``.

    Cells with encoded indicators get indicator values (by each rule's kind);
    the others get dimension-level shares. Beyond :data:`CODES_PER_ROUND`
    regions, codes repeat in further rounds, each region named with its round
    (see the module's description); a region's values depend only on the seed
    and its place in the cohort, never on the cohort's size.
    """
    rng = np.random.default_rng(seed)
    year = year if year is not None else (regulation.governs.last or regulation.governs.first)
    submissions = []
    for index, (code, round_number) in enumerate(_region_codes(regions)):
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
        round_text = f" ulangan {round_number}" if round_number > 1 else ""
        submissions.append(
            parse_submission(
                {
                    "region": {"code": code, "name": f"{kind} {code}{round_text} (SINTETIS)"},
                    "assessment_year": year,
                    "regulation": regulation.id,
                    "indicators": indicators,
                    "dimensions": dimensions,
                }
            )
        )
    return submissions


def _region_codes(regions: int) -> list[tuple[str, int]]:
    """Return each region's code and round (1, 2, ...), in cohort order.

    Each round deals its regions out over the provinces in turn (the first
    provinces get one more when they do not divide evenly) and numbers them
    01, 02, ... within each province, listed province by province.
    """
    codes: list[tuple[str, int]] = []
    for start in range(0, regions, CODES_PER_ROUND):
        size = min(CODES_PER_ROUND, regions - start)
        whole, extra = divmod(size, len(PROVINCE_CODES))
        round_number = start // CODES_PER_ROUND + 1
        codes += [
            (f"{province}.{number:02d}", round_number)
            for place, province in enumerate(PROVINCE_CODES)
            for number in range(1, whole + (place < extra) + 1)
        ]
    return codes


def _indicator_value(rule: Rule, kind: ValueKind, level: float, rng: np.random.Generator) -> Any:
    value = rule.synthetic_value(level, rng)
    # a number comes as a float, to be written as the indicator's value kind writes it
    return _number(value, kind) if isinstance(value, float) else value


def _number(value: float, kind: ValueKind) -> Decimal:
    if kind is ValueKind.COUNT:
        return Decimal(max(round(value), 0))
    if kind is ValueKind.PERCENT:
        return _percent(value)
    return Decimal(round(max(value, 0.0) * 100)).scaleb(-2)

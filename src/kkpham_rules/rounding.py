"""Exact rounding of exact fractions to decimal places, half away from zero.

Scores are computed as :class:`~fractions.Fraction` (no rounding at all on the
way) and rounded once, at the end, the way the ministry's published two-decimal
totals are: 0.005 goes up.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = ["round_half_up"]


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Return ``value`` rounded half away from zero to ``places`` decimals.

    >>> round_half_up(Fraction(1, 200), 2)
    Decimal('0.01')
    >>> round_half_up(Fraction(-2, 3), 2)
    Decimal('-0.67')
    """
    scaled = abs(value) * 10**places
    whole = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    sign = "-" if value < 0 and whole else ""
    digits = str(whole).rjust(places + 1, "0")
    if places == 0:
        return Decimal(sign + digits)
    return Decimal(f"{sign}{digits[:-places]}.{digits[-places:]}")

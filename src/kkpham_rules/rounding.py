"""Exact rounding of exact fractions to decimal places, half away from zero.

Scores are computed as :class:`~fractions.Fraction` (no rounding at all on the
way) and rounded once, at the end, the way the ministry's published two-decimal
totals are: 0.005 goes up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "decimal_places",
    "decimal_text",
    "number_problem",
    "plain",
    "round_half_up",
    "trimmed",
]


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


MAX_DIGITS = 40
"""The most significant digits an input number may have."""
MAX_ADJUSTED_EXPONENT = 15
"""Input numbers must be below 10**16 in size."""
MIN_ADJUSTED_EXPONENT = -30
"""Non-zero input numbers must be at least 10**-30 in size."""


def number_problem(value: Decimal) -> str | None:
    """Return why ``value`` is not an acceptable input number, or ``None``.

    Exact arithmetic on a number such as ``1e-99999999`` would build a
    100-million-digit integer; inputs are held to sizes no indicator needs.

    >>> number_problem(Decimal("1e-99999999"))
    'expected a number of at most 40 digits between 1e-30 and 1e16'
    """
    if not value.is_finite():
        return "expected a finite number"
    if value.is_zero():
        return None
    digits = len(value.as_tuple().digits)
    if (
        digits > MAX_DIGITS
        or value.adjusted() > MAX_ADJUSTED_EXPONENT
        or value.adjusted() < MIN_ADJUSTED_EXPONENT
    ):
        return (
            f"expected a number of at most {MAX_DIGITS} digits between "
            f"1e{MIN_ADJUSTED_EXPONENT} and 1e{MAX_ADJUSTED_EXPONENT + 1}"
        )
    return None


def decimal_text(value: Fraction) -> str:
    """Return an exact fraction as a plain decimal string.

    Fractions with a finite decimal expansion are written exactly; others
    (which regulation data, written in decimals, never produces) are rounded to
    12 places.

    >>> decimal_text(Fraction(125, 2)), decimal_text(Fraction(10)), decimal_text(Fraction(1, 3))
    ('62.5', '10', '0.333333333333')
    """
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 30):
        if (value * 10**places).denominator == 1:
            return plain(round_half_up(value, places))
    return plain(round_half_up(value, 12))


def plain(value: Decimal) -> str:
    """Return a decimal in positional notation, never scientific.

    >>> plain(Decimal("1E-7")), plain(Decimal("0.000000100000"))
    ('0.0000001', '0.000000100000')
    """
    return format(value, "f")


def decimal_places(value: Decimal, places: int = 2) -> str:
    """Return a decimal rounded half up to ``places`` decimals, as text.

    For summaries of figures that are already exact decimals (means, quantiles).

    >>> decimal_places(Decimal("2.345")), decimal_places(Decimal("7"), 1)
    ('2.35', '7.0')
    """
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def trimmed(text: str) -> str:
    """Return a decimal string without trailing zeros, for people to read.

    >>> trimmed("25.50"), trimmed("10.00"), trimmed("100")
    ('25.5', '10', '100')
    """
    return text.rstrip("0").rstrip(".") if "." in text else text

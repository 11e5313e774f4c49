"""The closed set of scoring rules a regulation's data may name.

A rule turns one indicator's value into an *achievement*: an exact fraction
between 0 (not met) and 1 (fully met). The regulation then turns achievement
into points (see :mod:`kkpham_rules.engine`). Rules are data, never code taken
from a data file: the four kinds below are all there is.

Values reach a rule already checked by :meth:`ValueKind.parse`, so a rule
sees a ``bool``, a ``Fraction`` or a level code (``str``).
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeAlias

from attrs import frozen

from .rounding import decimal_text, number_problem

__all__ = [
    "Band",
    "BandsRule",
    "Level",
    "OrdinalRule",
    "PresenceRule",
    "Rule",
    "TargetRule",
    "ValueKind",
]

_DECIMAL_STRING = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?", re.ASCII)

RawValue: TypeAlias = bool | Decimal | str
"""What a submission may give as an indicator's value."""

ParsedValue: TypeAlias = bool | Fraction | str
"""A value after :meth:`ValueKind.parse`: yes/no, an exact number or a level code."""


class ValueKind(enum.Enum):
    """What kind of value an indicator takes, and the range it must lie in."""

    BOOLEAN = "boolean"
    """Yes or no (``true``/``false``): a rule, budget or body exists or not."""
    PERCENT = "percent"
    """A percentage from 0 to 100."""
    COUNT = "count"
    """A whole number of things, 0 or more."""
    AMOUNT = "amount"
    """Any number 0 or more (a rate, a ratio, litres per person)."""
    LEVEL = "level"
    """One of the level codes the indicator's ordinal rule lists."""

    @property
    def is_numeric(self) -> bool:
        """Return whether values of this kind are numbers."""
        return self in (ValueKind.PERCENT, ValueKind.COUNT, ValueKind.AMOUNT)

    @property
    def lowest(self) -> Fraction | None:
        """Return the lowest number this kind admits (``None`` if not numeric)."""
        return Fraction(0) if self.is_numeric else None

    @property
    def highest(self) -> Fraction | None:
        """Return the highest number this kind admits (``None`` if unbounded)."""
        return Fraction(100) if self is ValueKind.PERCENT else None

    def parse(self, value: RawValue) -> tuple[ParsedValue | None, str | None]:
        """Return ``(parsed, None)`` for a fitting value or ``(None, reason)``."""
        if self is ValueKind.BOOLEAN:
            if isinstance(value, bool):
                return value, None
            return None, "expected true or false"
        if self is ValueKind.LEVEL:
            if isinstance(value, str) and not isinstance(value, bool):
                return value, None
            return None, "expected a level code (a string)"
        number = _as_fraction(value)
        if number is None:
            too_big = number_problem(value) if isinstance(value, Decimal) else None
            return None, too_big or "expected a number (digits with an optional decimal point)"
        if number < 0:
            return None, "expected a number of 0 or more"
        if self is ValueKind.PERCENT and number > 100:
            return None, "expected a percentage from 0 to 100"
        if self is ValueKind.COUNT and number.denominator != 1:
            return None, "expected a whole number"
        return number, None


def _as_fraction(value: RawValue) -> Fraction | None:
    """Return a finite number as an exact fraction; decimal strings count."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        # only plain decimal strings: no exponents, underscores, spaces or other digits
        if not _DECIMAL_STRING.fullmatch(value):
            return None
        value = Decimal(value)
    if number_problem(value) is not None:
        return None
    return Fraction(value)


@frozen
class PresenceRule:
    """Met (achievement 1) when the thing exists, else 0.

    >>> PresenceRule().achievement(True)
    Fraction(1, 1)
    """

    kind: Literal["presence"] = "presence"

    def achievement(self, value: ParsedValue) -> Fraction:
        """Return 1 for ``True`` and 0 for ``False``."""
        return Fraction(1) if value is True else Fraction(0)

    def best_value(self) -> ParsedValue:
        """Return a value that earns full achievement."""
        return True

    def worst_value(self) -> ParsedValue:
        """Return a value that earns no achievement."""
        return False


@frozen
class TargetRule:
    """Achievement proportional to a target, capped at 1.

    With ``better="higher"`` the achievement is ``value / target``; with
    ``better="lower"`` it is 1 at or below the target and ``target / value``
    above it (so 0 is never reached, and the worst value is unbounded).

    >>> TargetRule(target=Fraction(80)).achievement(Fraction(60))
    Fraction(3, 4)
    """

    target: Fraction
    better: Literal["higher", "lower"] = "higher"
    kind: Literal["target"] = "target"

    def achievement(self, value: ParsedValue) -> Fraction:
        """Return the share of the target reached, between 0 and 1."""
        assert isinstance(value, Fraction)
        if self.better == "higher":
            return min(value / self.target, Fraction(1))
        if value <= self.target:
            return Fraction(1)
        return self.target / value

    def best_value(self) -> ParsedValue:
        """Return a value that earns full achievement."""
        return self.target

    def worst_value(self) -> ParsedValue:
        """Return the value that earns the least achievement (higher-better: 0)."""
        return Fraction(0) if self.better == "higher" else self.target * 1000


@frozen
class Band:
    """A range of values worth ``points``; each end says whether it belongs."""

    points: Fraction
    lower: Fraction | None = None
    upper: Fraction | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = False

    def contains(self, value: Fraction) -> bool:
        """Return whether ``value`` lies in this band."""
        below = self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        )
        above = self.upper is not None and (
            value > self.upper or (value == self.upper and not self.upper_inclusive)
        )
        return not (below or above)

    def sample(self) -> Fraction:
        """Return one value inside the band."""
        if self.lower is not None and self.lower_inclusive:
            return self.lower
        if self.upper is not None and self.upper_inclusive:
            return self.upper
        if self.lower is not None and self.upper is not None:
            return (self.lower + self.upper) / 2
        if self.lower is not None:
            return self.lower + 1
        if self.upper is not None:
            return max(self.upper - 1, Fraction(0)) if self.upper > 0 else self.upper - 1
        return Fraction(0)


@frozen
class BandsRule:
    """Points by value band, as the 2013 lampiran scored (10/8/6/4/2/0).

    Achievement is the band's points over the highest band's points. The bands
    must cover the value range without overlap; a hole is allowed only where
    the data declares it in ``gaps`` (a value inside a declared gap is
    rejected as input the regulation does not score).
    """

    bands: tuple[Band, ...]
    gaps: tuple[Band, ...] = ()
    kind: Literal["bands"] = "bands"

    @property
    def max_points(self) -> Fraction:
        """Return the points of the best band."""
        return max(band.points for band in self.bands)

    def band_for(self, value: Fraction) -> Band | None:
        """Return the band holding ``value`` (``None`` if it falls in a gap)."""
        for band in self.bands:
            if band.contains(value):
                return band
        return None

    def achievement(self, value: ParsedValue) -> Fraction:
        """Return the band's points over the best band's points."""
        assert isinstance(value, Fraction)
        band = self.band_for(value)
        if band is None:
            raise ValueError(f"{value} falls in no band")
        return band.points / self.max_points

    def best_value(self) -> ParsedValue:
        """Return a value in the best band."""
        return max(self.bands, key=lambda band: band.points).sample()

    def worst_value(self) -> ParsedValue:
        """Return a value in the worst band."""
        return min(self.bands, key=lambda band: band.points).sample()


@frozen
class Level:
    """One step of an ordinal scale: a code, its labels and its achievement."""

    code: str
    label_id: str
    label_en: str
    achievement: Fraction


@frozen
class OrdinalRule:
    """Achievement by named level (for example none / partial / full)."""

    levels: tuple[Level, ...]
    kind: Literal["ordinal"] = "ordinal"

    def level(self, code: str) -> Level | None:
        """Return the level with that code, if the scale has it."""
        for level in self.levels:
            if level.code == code:
                return level
        return None

    def achievement(self, value: ParsedValue) -> Fraction:
        """Return the achievement of the named level."""
        assert isinstance(value, str)
        level = self.level(value)
        if level is None:
            raise ValueError(f"unknown level {value!r}")
        return level.achievement

    def best_value(self) -> ParsedValue:
        """Return the code of the best level."""
        return max(self.levels, key=lambda level: level.achievement).code

    def worst_value(self) -> ParsedValue:
        """Return the code of the worst level."""
        return min(self.levels, key=lambda level: level.achievement).code


Rule: TypeAlias = PresenceRule | TargetRule | BandsRule | OrdinalRule
"""Any scoring rule."""


def band_table_problems(bands: Sequence[Band], gaps: Sequence[Band], kind: ValueKind) -> list[str]:
    """Return why a band table does not tile the value range (empty if it does).

    Bands are ordered by their lower end; each must start exactly where the
    previous ended, with the shared boundary belonging to exactly one of them.
    A hole is accepted only if ``gaps`` declares exactly that hole.
    """
    problems: list[str] = []
    declared = {(g.lower, g.upper, g.lower_inclusive, g.upper_inclusive) for g in gaps}
    holes: set[tuple[Fraction | None, Fraction | None, bool, bool]] = set()

    def low_key(band: Band) -> tuple[int, Fraction, int]:
        if band.lower is None:
            return (0, Fraction(0), 0)
        return (1, band.lower, 0 if band.lower_inclusive else 1)

    ordered = sorted(bands, key=low_key)
    for band in ordered:
        if band.lower is not None and band.upper is not None:
            empty = band.lower > band.upper or (
                band.lower == band.upper and not (band.lower_inclusive and band.upper_inclusive)
            )
            if empty:
                problems.append(f"band {_show(band)} is empty")
    first, last = ordered[0], ordered[-1]
    lowest, highest = kind.lowest, kind.highest
    if (
        first.lower is not None
        and lowest is not None
        and (first.lower > lowest or (first.lower == lowest and not first.lower_inclusive))
    ):
        hole = Band(Fraction(0), lowest, first.lower, True, not first.lower_inclusive)
        holes.add(_key(hole))
        if _key(hole) not in declared:
            problems.append(f"values from {lowest} up to {_show(first)} fall in no band")
    if last.upper is not None and (
        highest is None
        or last.upper < highest
        or (last.upper == highest and not last.upper_inclusive)
    ):
        problems.append(f"values above {_show(last)} fall in no band")
    for before, after in itertools.pairwise(ordered):
        if before.upper is None or after.lower is None:
            problems.append(f"bands {_show(before)} and {_show(after)} overlap")
            continue
        if before.upper > after.lower or (
            before.upper == after.lower and before.upper_inclusive and after.lower_inclusive
        ):
            problems.append(f"bands {_show(before)} and {_show(after)} overlap")
        elif before.upper < after.lower or (
            before.upper == after.lower and not before.upper_inclusive and not after.lower_inclusive
        ):
            hole = Band(
                Fraction(0),
                before.upper,
                after.lower,
                not before.upper_inclusive,
                not after.lower_inclusive,
            )
            holes.add(_key(hole))
            if _key(hole) not in declared:
                problems.append(
                    f"values between {_show(before)} and {_show(after)} fall in no band"
                    " (declare the hole under 'gaps' if the regulation leaves it)"
                )
    problems += [
        f"declared gap {_show(gap)} is not a hole between the bands"
        for gap in gaps
        if _key(gap) not in holes
    ]
    for band in ordered:
        below = lowest is not None and band.lower is not None and band.lower < lowest
        above = (
            highest is not None
            and band.lower is not None
            and (band.lower > highest or (band.lower == highest and not band.lower_inclusive))
        )
        if below or above:
            problems.append(f"band {_show(band)} lies outside the values a {kind.value} can take")
    return problems


def _key(band: Band) -> tuple[Fraction | None, Fraction | None, bool, bool]:
    return (band.lower, band.upper, band.lower_inclusive, band.upper_inclusive)


def _show(band: Band) -> str:
    low = (
        "(-inf"
        if band.lower is None
        else ("[" if band.lower_inclusive else "(") + decimal_text(band.lower)
    )
    high = (
        "inf)"
        if band.upper is None
        else decimal_text(band.upper) + ("]" if band.upper_inclusive else ")")
    )
    return f"{low}, {high}"

"""The closed set of scoring rules a regulation's data may name.

A rule turns one indicator's value into an *achievement*: an exact fraction
between 0 (not met) and 1 (fully met). The regulation then turns achievement
into points (see :mod:`kkpham_rules.engine`). Rules are data, never code taken
from a data file: the four kinds below are all there is.

Each kind is one class, and everything the library does with a rule of that
kind is a method of it (see :class:`RuleKind`): build it from its data,
check it against the indicator's value kind, refuse a value it does not score,
score one value or a whole column of them, describe it, write it as data and
make up a synthetic value. :data:`RULE_KINDS` maps the ``kind`` a data file
names to its class; callers go through the table or the methods, so a fifth
kind would be one new class and one new entry.

Values reach a rule already checked by :meth:`ValueKind.parse`, so a rule
sees a ``bool``, a ``Fraction`` or a level code (``str``).
"""

from __future__ import annotations

import abc
import enum
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from attrs import frozen

from .rounding import decimal_text, number_problem

if TYPE_CHECKING:
    # for annotations only: numpy and pydantic are heavy, and scoring needs neither
    from numpy.random import Generator

    from .regulation_data import (
        BandData,
        BandsRuleData,
        GapData,
        OrdinalRuleData,
        PresenceRuleData,
        TargetRuleData,
    )

__all__ = [
    "RULE_KINDS",
    "Band",
    "BandsRule",
    "Level",
    "OrdinalRule",
    "PresenceRule",
    "Rule",
    "RuleKind",
    "RuleProblem",
    "TargetRule",
    "ValueKind",
    "band_holes",
    "band_table_problems",
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


_NUMBERS = frozenset({ValueKind.PERCENT, ValueKind.COUNT, ValueKind.AMOUNT})

RuleProblem: TypeAlias = tuple[str, str]
"""Why a rule cannot score an indicator: the field of the rule's data at fault
(``"target"``, ``"bands"``, ``"levels"``) and a message."""

Scored: TypeAlias = Fraction | str | None
"""One value of a column, scored: its achievement, the reason it is refused, or
``None`` where no value was given."""


class RuleKind(abc.ABC):
    """What every kind of rule offers; each kind below is one subclass.

    The methods are the whole interface between a rule and the rest of the
    library: the loader builds and checks rules (:meth:`from_data`,
    :meth:`problems`), the engine and the batch path score values
    (:meth:`rejects`, :meth:`achievement`, :meth:`achievements`), results,
    descriptions and templates show them (:meth:`to_data`, :meth:`describe`,
    :meth:`level_codes`) and synthetic cohorts fill them in
    (:meth:`synthetic_value`).
    """

    __slots__ = ()

    value_kinds: ClassVar[frozenset[ValueKind]]
    """The value kinds an indicator scored by this kind of rule may take."""

    @classmethod
    @abc.abstractmethod
    def from_data(cls, data: Any) -> RuleKind:
        """Return the rule that a data file's rule entry (already validated) describes."""

    def problems(self, kind: ValueKind) -> list[RuleProblem]:
        """Return why this rule cannot score values of ``kind`` (one of :attr:`value_kinds`).

        Empty unless a kind overrides it: most rules suit every value kind they accept.
        """
        return []

    def rejects(self, value: ParsedValue) -> str | None:
        """Return why a value of the right kind is still not scored (``None`` if it is).

        ``None`` unless a kind overrides it: most rules score every value of their kind.
        """
        return None

    @abc.abstractmethod
    def achievement(self, value: ParsedValue) -> Fraction:
        """Return the achievement, from 0 to 1, of a value this rule does not reject."""

    def achievements(self, values: Sequence[ParsedValue | None]) -> list[Scored]:
        """Return each value of a column scored: achievement, refusal reason or ``None``.

        The batch path scores one indicator for a whole cohort at once; the
        result is exactly what :meth:`rejects` and :meth:`achievement` give
        value by value.
        """
        return [self._scored(value) for value in values]

    def _scored(self, value: ParsedValue | None) -> Scored:
        return None if value is None else (self.rejects(value) or self.achievement(value))

    @abc.abstractmethod
    def best_value(self) -> ParsedValue:
        """Return a value that earns full achievement."""

    @abc.abstractmethod
    def worst_value(self) -> ParsedValue:
        """Return a value that earns the least achievement."""

    def level_codes(self) -> tuple[str, ...]:
        """Return the codes a value must be one of (empty unless the rule names levels)."""
        return ()

    @abc.abstractmethod
    def describe(self, unit: str) -> str:
        """Return a one-line description for people; ``unit`` is the indicator's unit."""

    @abc.abstractmethod
    def to_data(self) -> dict[str, Any]:
        """Return the rule as JSON-ready data, numbers as decimal strings."""

    @abc.abstractmethod
    def synthetic_value(self, level: float, rng: Generator) -> bool | str | float:
        """Return a plausible value from a region doing as well as ``level`` (0 to 1).

        Numbers are floats, for the caller to round to the indicator's value kind.
        """


@frozen
class PresenceRule(RuleKind):
    """Met (achievement 1) when the thing exists, else 0.

    >>> PresenceRule().achievement(True)
    Fraction(1, 1)
    """

    kind: Literal["presence"] = "presence"
    value_kinds: ClassVar[frozenset[ValueKind]] = frozenset({ValueKind.BOOLEAN})

    @classmethod
    def from_data(cls, data: PresenceRuleData) -> PresenceRule:
        """Return the rule (a presence rule has nothing more to say)."""
        return cls()

    def achievement(self, value: ParsedValue) -> Fraction:
        """Return 1 for ``True`` and 0 for ``False``."""
        return Fraction(1) if value is True else Fraction(0)

    def best_value(self) -> ParsedValue:
        """Return a value that earns full achievement."""
        return True

    def worst_value(self) -> ParsedValue:
        """Return a value that earns no achievement."""
        return False

    def describe(self, unit: str) -> str:
        """Return a one-line description for people."""
        return "presence: met (full points) if true, else 0"

    def to_data(self) -> dict[str, Any]:
        """Return the rule as JSON-ready data."""
        return {"kind": self.kind}

    def synthetic_value(self, level: float, rng: Generator) -> bool | str | float:
        """Return whether a region at ``level`` has the thing (more likely the higher)."""
        return bool(rng.random() < 0.3 + 0.7 * level)


@frozen
class TargetRule(RuleKind):
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
    value_kinds: ClassVar[frozenset[ValueKind]] = _NUMBERS

    @classmethod
    def from_data(cls, data: TargetRuleData) -> TargetRule:
        """Return the rule with the data's target and direction."""
        return cls(target=Fraction(data.target), better=data.better)

    def problems(self, kind: ValueKind) -> list[RuleProblem]:
        """Return a problem if the target lies beyond the values ``kind`` admits."""
        if kind is ValueKind.PERCENT and self.target > 100:
            return [("target", "a percentage target above 100 can never be met")]
        return []

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

    def describe(self, unit: str) -> str:
        """Return a one-line description for people."""
        target = decimal_text(self.target)
        if self.better == "higher":
            return f"target {target} {unit}: points in proportion to value/target, capped at full"
        return f"target at most {target} {unit}: full points at or below, target/value above"

    def to_data(self) -> dict[str, Any]:
        """Return the rule as JSON-ready data."""
        return {"kind": self.kind, "target": decimal_text(self.target), "better": self.better}

    def synthetic_value(self, level: float, rng: Generator) -> bool | str | float:
        """Return a value near ``level`` of the target (mirrored above it if lower is better)."""
        target = float(self.target)
        if self.better == "higher":
            return target * (level + float(rng.normal(0, 0.1)))
        return target * (2 - level + float(rng.normal(0, 0.1)))


@frozen
class Band:
    """A range of values worth ``points``; each end says whether it belongs."""

    points: Fraction
    lower: Fraction | None = None
    upper: Fraction | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = False

    @classmethod
    def from_data(cls, data: BandData | GapData, points: Decimal | int = 0) -> Band:
        """Return the band a band's (or a declared gap's) data describes, worth ``points``."""
        return cls(
            points=Fraction(points),
            lower=None if data.lower is None else Fraction(data.lower),
            upper=None if data.upper is None else Fraction(data.upper),
            lower_inclusive=data.lower_inclusive,
            upper_inclusive=data.upper_inclusive,
        )

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

    def to_data(self, points: bool = True) -> dict[str, Any]:
        """Return the band as JSON-ready data (without ``points`` for a declared gap)."""
        data: dict[str, Any] = {"points": decimal_text(self.points)} if points else {}
        data.update(
            lower=None if self.lower is None else decimal_text(self.lower),
            upper=None if self.upper is None else decimal_text(self.upper),
            lower_inclusive=self.lower_inclusive,
            upper_inclusive=self.upper_inclusive,
        )
        return data


@frozen
class BandsRule(RuleKind):
    """Points by value band, as the 2013 lampiran scored (10/8/6/4/2/0).

    Achievement is the band's points over the highest band's points. The bands
    must cover the value range without overlap; a hole is allowed only where
    the data declares it in ``gaps`` (a value inside a declared gap is
    rejected as input the regulation does not score).
    """

    bands: tuple[Band, ...]
    gaps: tuple[Band, ...] = ()
    kind: Literal["bands"] = "bands"
    value_kinds: ClassVar[frozenset[ValueKind]] = _NUMBERS

    @classmethod
    def from_data(cls, data: BandsRuleData) -> BandsRule:
        """Return the rule with the data's bands and declared gaps."""
        return cls(
            bands=tuple(Band.from_data(band, band.points) for band in data.bands),
            gaps=tuple(Band.from_data(gap) for gap in data.gaps),
        )

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

    def problems(self, kind: ValueKind) -> list[RuleProblem]:
        """Return why the bands do not tile the values of ``kind``, or earn nothing."""
        found = [("bands", message) for message in band_table_problems(self.bands, self.gaps, kind)]
        if self.max_points <= 0:
            found.append(("bands", "the best band must earn points"))
        return found

    def rejects(self, value: ParsedValue) -> str | None:
        """Return why ``value`` is not scored: it lies in a gap between the bands."""
        if isinstance(value, Fraction) and self.band_for(value) is None:
            return f"{decimal_text(value)} falls in a gap the regulation's bands leave undefined"
        return None

    def achievement(self, value: ParsedValue) -> Fraction:
        """Return the band's points over the best band's points."""
        assert isinstance(value, Fraction)
        band = self.band_for(value)
        if band is None:
            raise ValueError(f"{value} falls in no band")
        return band.points / self.max_points

    def achievements(self, values: Sequence[ParsedValue | None]) -> list[Scored]:
        """Return each value of a column scored, finding the best band's points once."""
        best = self.max_points
        scored: list[Scored] = []
        for value in values:
            band = self.band_for(value) if isinstance(value, Fraction) else None
            scored.append(self._scored(value) if band is None else band.points / best)
        return scored

    def best_value(self) -> ParsedValue:
        """Return a value in the best band."""
        return max(self.bands, key=lambda band: band.points).sample()

    def worst_value(self) -> ParsedValue:
        """Return a value in the worst band."""
        return min(self.bands, key=lambda band: band.points).sample()

    def describe(self, unit: str) -> str:
        """Return a one-line description for people."""
        best = decimal_text(self.max_points)
        return f"bands: {len(self.bands)} value ranges ({unit}), best worth {best} points"

    def to_data(self) -> dict[str, Any]:
        """Return the rule as JSON-ready data."""
        return {
            "kind": self.kind,
            "bands": [band.to_data() for band in self.bands],
            "gaps": [gap.to_data(points=False) for gap in self.gaps],
        }

    def synthetic_value(self, level: float, rng: Generator) -> bool | str | float:
        """Return a value in a band near ``level`` of the way from the worst to the best."""
        ranked = sorted(self.bands, key=lambda band: band.points, reverse=True)
        place = int((1 - level) * len(ranked) + rng.normal(0, 0.6)) % len(ranked)
        return float(ranked[min(place, len(ranked) - 1)].sample())


@frozen
class Level:
    """One step of an ordinal scale: a code, its labels and its achievement."""

    code: str
    label_id: str
    label_en: str
    achievement: Fraction


@frozen
class OrdinalRule(RuleKind):
    """Achievement by named level (for example none / partial / full)."""

    levels: tuple[Level, ...]
    kind: Literal["ordinal"] = "ordinal"
    value_kinds: ClassVar[frozenset[ValueKind]] = frozenset({ValueKind.LEVEL})

    @classmethod
    def from_data(cls, data: OrdinalRuleData) -> OrdinalRule:
        """Return the rule with the data's levels, in order."""
        return cls(
            levels=tuple(
                Level(level.code, level.label_id, level.label_en, Fraction(level.achievement))
                for level in data.levels
            )
        )

    def level(self, code: str) -> Level | None:
        """Return the level with that code, if the scale has it."""
        for level in self.levels:
            if level.code == code:
                return level
        return None

    def problems(self, kind: ValueKind) -> list[RuleProblem]:
        """Return a problem for repeated level codes, or a best level short of 1."""
        found: list[RuleProblem] = []
        codes = self.level_codes()
        if len(set(codes)) != len(codes):
            found.append(("levels", "level codes must be unique"))
        if max(level.achievement for level in self.levels) != 1:
            found.append(("levels", "the best level must have achievement 1"))
        return found

    def rejects(self, value: ParsedValue) -> str | None:
        """Return why ``value`` is not scored: the scale has no such level."""
        if isinstance(value, str) and self.level(value) is None:
            return f"unknown level {value!r}; the levels are {', '.join(self.level_codes())}"
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

    def level_codes(self) -> tuple[str, ...]:
        """Return the level codes, in the scale's order."""
        return tuple(level.code for level in self.levels)

    def describe(self, unit: str) -> str:
        """Return a one-line description for people (the levels, with their labels)."""
        return "levels: " + ", ".join(f"{level.code} ({level.label_id})" for level in self.levels)

    def to_data(self) -> dict[str, Any]:
        """Return the rule as JSON-ready data."""
        return {
            "kind": self.kind,
            "levels": [
                {
                    "code": level.code,
                    "label_id": level.label_id,
                    "label_en": level.label_en,
                    "achievement": decimal_text(level.achievement),
                }
                for level in self.levels
            ],
        }

    def synthetic_value(self, level: float, rng: Generator) -> bool | str | float:
        """Return the code of a level near ``level`` of the way up the scale."""
        ordered = sorted(self.levels, key=lambda item: item.achievement)
        position = min(int(level * len(ordered) + rng.normal(0, 0.5)), len(ordered) - 1)
        return ordered[max(position, 0)].code


Rule: TypeAlias = PresenceRule | TargetRule | BandsRule | OrdinalRule
"""Any scoring rule."""

RULE_KINDS: Mapping[str, type[Rule]] = MappingProxyType(
    {
        "presence": PresenceRule,
        "target": TargetRule,
        "bands": BandsRule,
        "ordinal": OrdinalRule,
    }
)
"""Every kind of rule, by the ``kind`` its data names: the one table callers dispatch on."""


def band_table_problems(bands: Sequence[Band], gaps: Sequence[Band], kind: ValueKind) -> list[str]:
    """Return why a band table does not tile the value range (empty if it does).

    Bands are ordered by their lower end; each must start exactly where the
    previous ended, with the shared boundary belonging to exactly one of them.
    A hole is accepted only if ``gaps`` declares exactly that hole.
    """
    problems: list[str] = []
    declared = {_key(gap) for gap in gaps}
    ordered = sorted(bands, key=_low_key)
    for band in ordered:
        if band.lower is not None and band.upper is not None:
            empty = band.lower > band.upper or (
                band.lower == band.upper and not (band.lower_inclusive and band.upper_inclusive)
            )
            if empty:
                problems.append(f"band {_show(band)} is empty")
    lowest, highest = kind.lowest, kind.highest
    holes = _holes(ordered, kind)
    for hole, before, after in holes:
        if _key(hole) in declared:
            continue
        if before is None:
            problems.append(f"values from {lowest} up to {_show(after)} fall in no band")
        else:
            problems.append(
                f"values between {_show(before)} and {_show(after)} fall in no band"
                " (declare the hole under 'gaps' if the regulation leaves it)"
            )
    last = ordered[-1]
    if last.upper is not None and (
        highest is None
        or last.upper < highest
        or (last.upper == highest and not last.upper_inclusive)
    ):
        problems.append(f"values above {_show(last)} fall in no band")
    for before, after in itertools.pairwise(ordered):
        if (
            before.upper is None
            or after.lower is None
            or before.upper > after.lower
            or (before.upper == after.lower and before.upper_inclusive and after.lower_inclusive)
        ):
            problems.append(f"bands {_show(before)} and {_show(after)} overlap")
    found = {_key(hole) for hole, _, _ in holes}
    problems += [
        f"declared gap {_show(gap)} is not a hole between the bands"
        for gap in gaps
        if _key(gap) not in found
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


def band_holes(bands: Sequence[Band], kind: ValueKind) -> tuple[Band, ...]:
    """Return the holes a band table leaves in the values of ``kind``, lowest first.

    Each hole is a :class:`Band` worth no points, in the form a declared gap
    takes: a table is valid with exactly these declared under ``gaps`` (if its
    bands neither overlap nor stop short of the highest value). The catalogue
    import declares them when a lampiran's table leaves them on purpose.

    >>> table = (Band(Fraction(10), None, Fraction(50), True, False),
    ...          Band(Fraction(0), Fraction(51), None, True, False))
    >>> [(h.lower, h.upper, h.lower_inclusive, h.upper_inclusive)
    ...  for h in band_holes(table, ValueKind.PERCENT)]
    [(Fraction(50, 1), Fraction(51, 1), True, False)]
    """
    return tuple(hole for hole, _, _ in _holes(sorted(bands, key=_low_key), kind))


def _low_key(band: Band) -> tuple[int, Fraction, int]:
    # bands in order of their lower ends; an open lower end comes first
    if band.lower is None:
        return (0, Fraction(0), 0)
    return (1, band.lower, 0 if band.lower_inclusive else 1)


def _holes(ordered: Sequence[Band], kind: ValueKind) -> list[tuple[Band, Band | None, Band]]:
    """Return each hole of bands in order, with the band before it (``None``: the lowest values)
    and the band after it."""
    holes: list[tuple[Band, Band | None, Band]] = []
    first, lowest = ordered[0], kind.lowest
    if (
        first.lower is not None
        and lowest is not None
        and (first.lower > lowest or (first.lower == lowest and not first.lower_inclusive))
    ):
        holes.append(
            (Band(Fraction(0), lowest, first.lower, True, not first.lower_inclusive), None, first)
        )
    for before, after in itertools.pairwise(ordered):
        if before.upper is None or after.lower is None:
            continue
        if before.upper < after.lower or (
            before.upper == after.lower and not before.upper_inclusive and not after.lower_inclusive
        ):
            hole = Band(
                Fraction(0),
                before.upper,
                after.lower,
                not before.upper_inclusive,
                not after.lower_inclusive,
            )
            holes.append((hole, before, after))
    if kind is ValueKind.COUNT:
        # a count is a whole number: between 0 and "1-2", say, there is nothing to fall in
        holes = [item for item in holes if _holds_a_whole_number(item[0])]
    return holes


def _holds_a_whole_number(hole: Band) -> bool:
    """Return whether a hole (both ends known) holds a whole number."""
    # holes are between two bands, or from the lowest value up: both ends are known
    assert hole.lower is not None
    assert hole.upper is not None
    low = math.ceil(hole.lower) if hole.lower_inclusive else math.floor(hole.lower) + 1
    high = math.floor(hole.upper) if hole.upper_inclusive else math.ceil(hole.upper) - 1
    return low <= high


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

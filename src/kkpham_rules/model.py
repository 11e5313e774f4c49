"""The immutable core model: a regulation, its rights, indicators and categories.

Everything here is an attrs frozen value built once by
:mod:`kkpham_rules.loader` from a plugin's validated data file. A what-if
variant is a new value (``attrs.evolve``), never an edit in place.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from attrs import Attribute, asdict, frozen

from .digest import canonical_digest
from .rules import Rule, ValueKind

if TYPE_CHECKING:
    from .plan import ScoringPlan

__all__ = [
    "Category",
    "Citation",
    "Dimension",
    "Indicator",
    "Regulation",
    "Right",
    "Scoring",
    "YearSpan",
    "locator",
]


def _canonical_value(
    _instance: object, _attribute: Attribute[object] | None, value: object
) -> object:
    """Return ``value`` in a JSON form that is exact and the same on every machine."""
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Dimension(enum.Enum):
    """The three kinds of human-rights indicator, in the regulation's order."""

    STRUKTUR = "struktur"
    """Structure: rules, policies and bodies in place."""
    PROSES = "proses"
    """Process: programmes and budgets carried out."""
    HASIL = "hasil"
    """Outcome: what the population actually enjoys."""


Status = Literal["verified", "inferred"]


@frozen
class Citation:
    """Where a provision comes from, as structured fields, never free text.

    ``instrument`` is the regulation id; ``pasal``/``ayat`` locate an article,
    ``lampiran`` a section of the annex. ``status`` says whether the content was
    seen in the legal text (``verified``) or is the best reading of incomplete
    sources (``inferred``); ``sources`` lists the public pages relied on.
    """

    instrument: str
    status: Status
    pasal: str | None = None
    ayat: str | None = None
    lampiran: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None

    def label(self) -> str:
        """Return a short human-readable locator, e.g. ``Pasal 5 ayat (2)``."""
        where = locator(self.pasal, self.ayat, self.lampiran)
        return where if self.status == "verified" else f"{where} [inferred]"


def locator(pasal: str | None, ayat: str | None, lampiran: str | None) -> str:
    """Return where in a regulation a provision stands, e.g. ``Pasal 5 ayat (2)``.

    >>> locator("5", "2", None)
    'Pasal 5 ayat (2)'
    """
    parts = []
    if pasal:
        parts.append(f"Pasal {pasal}")
    if ayat:
        parts.append(f"ayat ({ayat})")
    if lampiran:
        parts.append(f"Lampiran {lampiran}")
    return " ".join(parts) or "article not located"


@frozen
class YearSpan:
    """The assessment (data) years a regulation governs; ``last=None`` is open."""

    first: int
    last: int | None
    citation: Citation

    def __contains__(self, year: object) -> bool:
        if not isinstance(year, int):
            return False
        return self.first <= year and (self.last is None or year <= self.last)


@frozen
class Right:
    """One right the regulation assesses, with its declared indicator counts.

    ``weight`` is the right's weight in the total: the total is the weighted mean
    of the right scores (all weights 1, as in 34/2016 and 22/2021: a plain mean).
    """

    id: str
    name_id: str
    name_en: str
    group: Literal["civil-political", "economic-social-cultural"] | None
    declared_counts: tuple[tuple[Dimension, int | None], ...]
    citation: Citation
    weight: Fraction = Fraction(1)

    def declared_count(self, dimension: Dimension) -> int | None:
        """Return how many indicators the regulation has for ``dimension`` (if known)."""
        return dict(self.declared_counts)[dimension]


@frozen
class Indicator:
    """One indicator: what it measures, how it is scored, where the law says so."""

    id: str
    right_id: str
    dimension: Dimension
    number: str | None
    wording_id: str
    wording_en: str
    unit: str
    value_kind: ValueKind
    rule: Rule
    weight: Fraction
    evidence: tuple[str, ...]
    citation: Citation


@frozen
class Category:
    """An award category over the half-open score range ``[lower, upper)``.

    ``upper=None`` means no upper bound (the top category includes the
    maximum score). ``awarded`` marks the category that earns the award.
    """

    code: str
    label_id: str
    label_en: str
    lower: Fraction
    upper: Fraction | None
    awarded: bool
    citation: Citation

    def contains(self, score: Fraction) -> bool:
        """Return whether ``score`` falls in this category."""
        return score >= self.lower and (self.upper is None or score < self.upper)


@frozen
class Scoring:
    """How points are given and rolled up, as the regulation declares it.

    Each right is worth the sum of ``dimension_points`` (10/30/60 in
    34/2016); an indicator earns its dimension's points times its weight share
    times its achievement; a right's score is the sum of its points; the total is
    the mean of the right scores, weighted by each right's ``weight``. Scores are rounded half-up to
    ``score_places`` decimals; trace figures to ``trace_places``. The category
    is read off the rounded total when ``classify_on="rounded_total"``.
    """

    dimension_points: tuple[tuple[Dimension, Fraction], ...]
    score_places: int
    trace_places: int
    classify_on: Literal["rounded_total", "exact_total"]
    citation: Citation
    rollup_citation: Citation
    rounding_citation: Citation

    def points(self, dimension: Dimension) -> Fraction:
        """Return the points a right's ``dimension`` is worth."""
        return dict(self.dimension_points)[dimension]

    @property
    def right_max(self) -> Fraction:
        """Return the most points one right can earn."""
        return sum((points for _, points in self.dimension_points), Fraction(0))


@frozen
class Regulation:
    """A regulation version: its identity, rights, indicators, scoring, categories.

    ``content_hash`` is the SHA-256 of everything the regulation declares (in
    canonical JSON), so a result names exactly the rules it was computed under;
    a variant made with ``attrs.evolve`` gets its own hash. Construction checks
    the invariants scoring relies on (categories tiling the scores from 0,
    indicators belonging to a declared right) and raises
    :class:`~kkpham_rules.errors.PluginError` if one fails.
    """

    id: str
    revision: int
    revision_date: dt.date
    title: str
    short_name: str
    aliases: tuple[str, ...]
    enacted: dt.date | None
    promulgated: dt.date | None
    governs: YearSpan
    rights: tuple[Right, ...]
    indicators: tuple[Indicator, ...]
    categories: tuple[Category, ...]
    scoring: Scoring
    declared_indicator_total: int | None
    notes: tuple[str, ...]
    citation: Citation
    plugin: str

    def __attrs_post_init__(self) -> None:
        problems = []
        ordered = sorted(self.categories, key=lambda c: c.lower)
        if not ordered or ordered[0].lower != 0 or ordered[-1].upper is not None:
            problems.append("categories must start at 0 and the top one must have no upper bound")
        for below, above in itertools.pairwise(ordered):
            if below.upper != above.lower:
                problems.append(f"category {below.code!r} must end where {above.code!r} starts")
        if ordered and ordered[-1].lower > self.scoring.right_max:
            problems.append("the top category starts above the highest possible score")
        if not self.rights or any(right.weight <= 0 for right in self.rights):
            problems.append("a regulation needs at least one right, each of weight above 0")
        if self.scoring.right_max <= 0:
            problems.append("the dimensions together must be worth more than 0 points")
        rights = {right.id for right in self.rights}
        problems += [
            f"indicator {i.id!r} names unknown right {i.right_id!r}"
            for i in self.indicators
            if i.right_id not in rights
        ]
        if problems:
            from .errors import PluginError, Problem  # here: errors must not import the model

            raise PluginError(self.plugin, [Problem("invalid_regulation", "", p) for p in problems])

    @cached_property
    def content_hash(self) -> str:
        """Return ``sha256:<hex>`` of everything this regulation declares."""
        content = asdict(
            self,
            recurse=True,
            filter=lambda attribute, _: attribute.name != "plugin",
            value_serializer=_canonical_value,
        )
        return canonical_digest(content)

    @cached_property
    def plan(self) -> ScoringPlan:
        """Return this regulation compiled into integer arithmetic (built once, when first used)."""
        from .plan import compile_plan  # here: the plan is built from the model

        return compile_plan(self)

    @cached_property
    def _rights_by_id(self) -> Mapping[str, Right]:
        return {right.id: right for right in self.rights}

    @cached_property
    def _indicators_by_id(self) -> Mapping[str, Indicator]:
        return {indicator.id: indicator for indicator in self.indicators}

    @cached_property
    def _indicators_by_cell(self) -> Mapping[tuple[str, Dimension], tuple[Indicator, ...]]:
        cells: dict[tuple[str, Dimension], list[Indicator]] = {}
        for indicator in self.indicators:
            cells.setdefault((indicator.right_id, indicator.dimension), []).append(indicator)
        return {cell: tuple(items) for cell, items in cells.items()}

    def right(self, right_id: str) -> Right | None:
        """Return the right with that id, if the regulation has it."""
        return self._rights_by_id.get(right_id)

    def indicator(self, indicator_id: str) -> Indicator | None:
        """Return the indicator with that id, if the catalogue has it."""
        return self._indicators_by_id.get(indicator_id)

    def indicators_for(self, right_id: str, dimension: Dimension) -> tuple[Indicator, ...]:
        """Return the encoded indicators of one right and dimension, in order."""
        return self._indicators_by_cell.get((right_id, dimension), ())

    def category_for(self, score: Fraction) -> Category:
        """Return the category a score falls in."""
        for category in self.categories:
            if category.contains(score):
                return category
        raise ValueError(f"score {score} is outside every category")

    @property
    def catalogue_complete(self) -> bool:
        """Return whether every indicator the regulation declares is encoded."""
        for right in self.rights:
            for dimension in Dimension:
                declared = right.declared_count(dimension)
                if declared is None or declared != len(self.indicators_for(right.id, dimension)):
                    return False
        return True

    def names(self) -> tuple[str, ...]:
        """Return every name this regulation answers to: id, short name, aliases."""
        return (self.id, self.short_name, *self.aliases)

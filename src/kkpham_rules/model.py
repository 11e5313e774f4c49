"""The immutable core model: a regulation, its rights, indicators and categories.

Everything here is an attrs frozen value built once by
:mod:`kkpham_rules.loader` from a plugin's validated data file. A what-if
variant is a new value (``attrs.evolve``), never an edit in place.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Literal, NamedTuple

from attrs import Attribute, asdict, frozen

from ._digest import canonical_digest
from .rounding import decimal_text
from .rules import Rule, ValueKind

if TYPE_CHECKING:
    from .plan import ScoringPlan

__all__ = [
    "Category",
    "Citation",
    "Dimension",
    "Indicator",
    "Invariant",
    "Regulation",
    "Right",
    "Scoring",
    "YearSpan",
    "invariant_problems",
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
    indicators belonging to a declared right: :func:`invariant_problems`, which
    the loader runs too) and raises :class:`~kkpham_rules.errors.PluginError`
    if one fails.
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
        # the loader has checked the same invariants with pointers into the data file;
        # this guards values made with attrs.evolve (variants), which no loader sees
        problems = invariant_problems(
            years=(self.governs.first, self.governs.last),
            dimension_points=[points for _, points in self.scoring.dimension_points],
            categories=[(c.code, c.lower, c.upper) for c in self.categories],
            rights=[(right.id, right.weight) for right in self.rights],
            indicators=[(i.id, i.right_id) for i in self.indicators],
        )
        if problems:
            from .errors import PluginError, Problem  # here: errors must not import the model

            raise PluginError(
                self.plugin, [Problem("invalid_regulation", "", p.message) for p in problems]
            )

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


class Invariant(NamedTuple):
    """A broken invariant of a regulation: where, and what is wrong.

    ``location`` is the path to the field at fault in the regulation's data
    layout (``("categories", 2, "upper")``), by the positions of the sequences
    given to :func:`invariant_problems`; the loader turns it into a JSON
    pointer into the data file.
    """

    location: tuple[str | int, ...]
    message: str


def invariant_problems(
    *,
    years: tuple[int, int | None],
    dimension_points: Iterable[Fraction],
    categories: Sequence[tuple[str, Fraction, Fraction | None]],
    rights: Sequence[tuple[str, Fraction]],
    indicators: Sequence[tuple[str, str]],
) -> list[Invariant]:
    """Return every invariant scoring relies on that a regulation breaks (empty if none).

    The one check both the loader (on a data file) and :class:`Regulation`
    (on every value, variants included) run: governed years in order, points
    to earn, categories (``(code, lower, upper)``) tiling the scores from 0 to
    no upper bound with the top one reachable, rights (``(id, weight)``) and
    indicators (``(id, right id)``) with unique ids, weights above 0 and
    indicators under a declared right.
    """
    problems: list[Invariant] = []
    first, last = years
    if last is not None and last < first:
        problems.append(
            Invariant(("governs", "last"), "the last governed year comes before the first")
        )
    right_max = sum(dimension_points, Fraction(0))
    if right_max <= 0:
        problems.append(
            Invariant(
                ("scoring", "dimension_points"),
                "the dimensions together must be worth more than 0 points",
            )
        )
    problems += _category_problems(categories, right_max)
    problems += _repeats("rights", "id", "right", [right_id for right_id, _ in rights])
    problems += [
        Invariant(("rights", index, "weight"), f"right {right_id!r} must weigh more than 0")
        for index, (right_id, weight) in enumerate(rights)
        if weight <= 0
    ]
    if not rights:
        problems.append(Invariant(("rights",), "a regulation needs at least one right"))
    problems += _repeats("indicators", "id", "indicator", [each for each, _ in indicators])
    known = {right_id for right_id, _ in rights}
    problems += [
        Invariant(
            ("indicators", index, "right"),
            f"indicator {indicator_id!r} names unknown right {right_id!r}",
        )
        for index, (indicator_id, right_id) in enumerate(indicators)
        if right_id not in known
    ]
    return problems


def _category_problems(
    categories: Sequence[tuple[str, Fraction, Fraction | None]], right_max: Fraction
) -> list[Invariant]:
    """Return why the categories do not tile the scores from 0 up, without a bound at the top."""
    if not categories:
        return [Invariant(("categories",), "a regulation needs at least one category")]
    problems = _repeats("categories", "code", "category", [code for code, _, _ in categories])
    ordered = sorted(enumerate(categories), key=lambda pair: pair[1][1])
    lowest_index, (_, lowest, _) = ordered[0]
    if lowest != 0:
        problems.append(
            Invariant(("categories", lowest_index, "lower"), "the lowest category must start at 0")
        )
    for (index, (code, _, upper)), (_, (following, start, _)) in itertools.pairwise(ordered):
        if upper != start:
            problems.append(
                Invariant(
                    ("categories", index, "upper"),
                    f"category {code!r} must end where {following!r} starts "
                    f"({decimal_text(start)}); categories may neither overlap nor leave holes",
                )
            )
    top_index, (_, top_lower, top_upper) = ordered[-1]
    if top_upper is not None:
        problems.append(
            Invariant(
                ("categories", top_index, "upper"),
                "the top category must have no upper bound",
            )
        )
    if top_lower > right_max:
        problems.append(
            Invariant(
                ("categories", top_index, "lower"),
                "the top category starts above the highest possible score",
            )
        )
    return problems


def _repeats(field: str, key: str, noun: str, ids: Sequence[str]) -> list[Invariant]:
    """Return a problem for every id in ``ids`` (``field[i].key``) used before it."""
    seen: set[str] = set()
    problems: list[Invariant] = []
    for index, each in enumerate(ids):
        if each in seen:
            problems.append(Invariant((field, index, key), f"{noun} {key} {each!r} is used twice"))
        seen.add(each)
    return problems

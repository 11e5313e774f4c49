"""The regulation data file format, as pydantic models.

A plugin ships its regulation as one YAML (or JSON) document in this format;
``schemas/regulation.schema.json`` is generated from these models. Checks the
schema cannot express (bands tiling the range, categories tiling the scores,
ids that must exist) are run by :mod:`kkpham_rules.loader`; each rule's data is
read and checked by the class of its kind (:data:`kkpham_rules.rules.RULE_KINDS`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

from ._models import Frozen
from .rounding import number_problem

__all__ = ["FORMAT", "RegulationDocument"]

FORMAT = "kkpham-regulation/1"
"""The version of this data format; a breaking change gets a new number."""

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$", max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


def _bounded(value: Decimal) -> Decimal:
    # the same size limits as submissions: exact arithmetic on 1e999999999 never ends
    problem = number_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


BoundedDecimal = Annotated[Decimal, Field(allow_inf_nan=False), AfterValidator(_bounded)]
"""A finite number of at most 40 digits between 1e-30 and 1e16 (or 0)."""
NonNegative = Annotated[BoundedDecimal, Field(ge=0)]
Positive = Annotated[BoundedDecimal, Field(gt=0)]


class _Strict(Frozen):
    # defer_build: a model's validator is built when it is first used, and only
    # the models actually used are built (RegulationDocument builds its parts
    # inline), instead of one validator per class whenever this module is
    # imported; every ``kkpham`` command imports it on start-up
    model_config = ConfigDict(defer_build=True)  # with Frozen's: no unknown keys, no changes


class CitationData(_Strict):
    """Where a provision comes from: article, annex section, sources, certainty."""

    status: Literal["verified", "inferred"] = Field(
        description="verified = seen in the legal text or an official statement quoting it; "
        "inferred = best reading of incomplete sources."
    )
    instrument: Id | None = Field(
        default=None, description="Regulation id; defaults to the document's own id."
    )
    pasal: Annotated[str, Field(max_length=20)] | None = None
    ayat: Annotated[str, Field(max_length=20)] | None = None
    lampiran: Annotated[str, Field(max_length=200)] | None = None
    sources: list[Annotated[str, Field(max_length=500)]] = Field(default_factory=list)
    note: Annotated[str, Field(max_length=2000)] | None = None


class YearSpanData(_Strict):
    """Assessment (data) years governed; ``last: null`` means still in force."""

    first: Annotated[int, Field(ge=1990, le=2200)]
    last: Annotated[int, Field(ge=1990, le=2200)] | None
    citation: CitationData


class DimensionNumbers(_Strict):
    """A number per dimension (struktur, proses, hasil)."""

    struktur: NonNegative
    proses: NonNegative
    hasil: NonNegative


class DeclaredCounts(_Strict):
    """How many indicators the regulation has per dimension; null = not known."""

    struktur: Annotated[int, Field(ge=0)] | None
    proses: Annotated[int, Field(ge=0)] | None
    hasil: Annotated[int, Field(ge=0)] | None


class ScoringData(_Strict):
    """Dimension points per right, rounding and how the category is read."""

    dimension_points: DimensionNumbers
    score_places: Annotated[int, Field(ge=0, le=6)] = 2
    trace_places: Annotated[int, Field(ge=0, le=12)] = 6
    classify_on: Literal["rounded_total", "exact_total"] = "rounded_total"
    citation: CitationData
    rollup_citation: CitationData
    rounding_citation: CitationData


class CategoryData(_Strict):
    """A category over ``[lower, upper)``; ``upper: null`` for the top one."""

    code: Id
    label_id: Text
    label_en: Text
    lower: NonNegative
    upper: NonNegative | None
    awarded: bool = False
    citation: CitationData


class RightData(_Strict):
    """A right the regulation assesses."""

    id: Id
    name_id: Text
    name_en: Text
    group: Literal["civil-political", "economic-social-cultural"] | None = None
    weight: Positive = Field(
        default=Decimal(1),
        description="Weight of the right in the total (a weighted mean); 1 for a plain mean.",
    )
    declared_counts: DeclaredCounts
    citation: CitationData


class PresenceRuleData(_Strict):
    """Met when the thing exists (value ``true``)."""

    kind: Literal["presence"]


class TargetRuleData(_Strict):
    """Achievement = value / target, capped at 1 (or the inverse if lower is better)."""

    kind: Literal["target"]
    target: Positive
    better: Literal["higher", "lower"] = "higher"


class BandData(_Strict):
    """A value range and the points it earns."""

    points: NonNegative
    lower: BoundedDecimal | None = None
    upper: BoundedDecimal | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = False


class GapData(_Strict):
    """A hole between bands that the regulation itself leaves."""

    lower: BoundedDecimal
    upper: BoundedDecimal
    lower_inclusive: bool
    upper_inclusive: bool


class BandsRuleData(_Strict):
    """Points by value band; achievement = points / best band's points."""

    kind: Literal["bands"]
    bands: Annotated[list[BandData], Field(min_length=1)]
    gaps: list[GapData] = Field(default_factory=list)


class LevelData(_Strict):
    """One level of an ordinal scale and the achievement (0 to 1) it earns."""

    code: Annotated[str, Field(min_length=1, max_length=40)]
    label_id: Text
    label_en: Text
    achievement: Annotated[BoundedDecimal, Field(ge=0, le=1)]


class OrdinalRuleData(_Strict):
    """Achievement by named level."""

    kind: Literal["ordinal"]
    levels: Annotated[list[LevelData], Field(min_length=2)]


RuleData = Annotated[
    PresenceRuleData | TargetRuleData | BandsRuleData | OrdinalRuleData,
    Field(discriminator="kind"),
]


class IndicatorData(_Strict):
    """One indicator of the catalogue."""

    id: Id
    right: Id
    dimension: Literal["struktur", "proses", "hasil"]
    number: Annotated[str, Field(max_length=20)] | None = None
    wording_id: Text
    wording_en: Text
    unit: Annotated[str, Field(min_length=1, max_length=80)]
    value_kind: Literal["boolean", "percent", "count", "amount", "level"]
    rule: RuleData
    weight: Positive = Decimal(1)
    evidence: list[Text] = Field(default_factory=list)
    citation: CitationData


class RegulationDocument(_Strict):
    """A whole regulation version: identity, scoring, categories, rights, indicators."""

    format: Literal["kkpham-regulation/1"]
    id: Id
    revision: Annotated[int, Field(ge=1)]
    revision_date: dt.date
    title: Text
    short_name: Annotated[str, Field(min_length=1, max_length=40)]
    aliases: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(default_factory=list)
    enacted: dt.date | None = None
    promulgated: dt.date | None = None
    citation: CitationData
    governs: YearSpanData
    declared_indicator_total: Annotated[int, Field(ge=0)] | None = None
    notes: list[Text] = Field(default_factory=list)
    scoring: ScoringData
    categories: Annotated[list[CategoryData], Field(min_length=1)]
    rights: Annotated[list[RightData], Field(min_length=1)]
    indicators: list[IndicatorData] = Field(default_factory=list)

"""The result of an evaluation, with the trace from every number to the law.

These pydantic models are the output contract (``schemas/evaluation.schema.json``
is generated from them). Scores are decimal *strings* ("88.65"), never binary
floats, so no client can lose a digit by parsing them. ``format`` versions the
trace: a breaking change to these models gets a new format number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, Field

from ._json import json_text
from ._models import Frozen
from .submission import Region

__all__ = [
    "EVALUATION_FORMAT",
    "CategoryResult",
    "CitationResult",
    "DimensionResult",
    "Evaluation",
    "IndicatorResult",
    "Notice",
    "Provenance",
    "RegulationSummary",
    "RightResult",
    "RoundingPolicy",
    "ScoringPolicy",
]

EVALUATION_FORMAT: Final = "kkpham-evaluation/1"
"""The version of the evaluation and trace format."""

DecimalString = Annotated[
    str,
    Field(
        pattern=r"^-?[0-9]+(\.[0-9]+)?$",
        description="An exact decimal number written as a string.",
    ),
]


class CitationResult(Frozen):
    """Where a figure's rule comes from in the regulation."""

    instrument: str
    status: Literal["verified", "inferred"]
    pasal: str | None
    ayat: str | None
    lampiran: str | None
    sources: tuple[str, ...]
    note: str | None


class CategoryResult(Frozen):
    """The category the total falls in, with its bounds."""

    code: str
    label_id: str
    label_en: str
    awarded: bool
    lower: DecimalString
    upper: DecimalString | None
    citation: CitationResult


class IndicatorResult(Frozen):
    """How one indicator was scored: its input, rule, achievement and points."""

    id: str
    right: str
    dimension: Literal["struktur", "proses", "hasil"]
    number: str | None
    wording_id: str
    wording_en: str
    status: Literal["scored", "missing", "superseded"] = Field(
        description="scored: a value was given; missing: none was given, scored as not met; "
        "superseded: its right and dimension were given at dimension level."
    )
    value: bool | DecimalString | str | None = Field(
        description="The value as given (numbers as decimal strings); null when missing."
    )
    evidence: tuple[str, ...]
    rule: dict[str, Any] = Field(description="The scoring rule applied, as in the regulation data.")
    achievement: DecimalString | None = Field(
        description="Share of the indicator met, 0 to 1 (trace precision)."
    )
    weight_share: DecimalString = Field(description="Share of its dimension's points, 0 to 1.")
    points_available: DecimalString
    points_earned: DecimalString
    citation: CitationResult


class DimensionResult(Frozen):
    """Points earned by one dimension of one right, and where they came from."""

    dimension: Literal["struktur", "proses", "hasil"]
    source: Literal["indicators", "dimension", "none"] = Field(
        description="indicators: summed from indicator scores; dimension: from the given "
        "achievement share; none: no input and no encoded indicator, scored 0."
    )
    achievement_percent: DecimalString
    points_available: DecimalString
    points_earned: DecimalString
    indicators_declared: int | None
    indicators_encoded: int
    indicators_unencoded: int = Field(
        description="Indicators the regulation declares here that the catalogue does not "
        "encode; each counts as not met."
    )
    indicators_missing: tuple[str, ...]


class RightResult(Frozen):
    """One right's score and its three dimensions."""

    id: str
    name_id: str
    name_en: str
    score: DecimalString
    max_score: DecimalString
    weight: DecimalString = Field(description="The right's weight in the total.")
    dimensions: tuple[DimensionResult, ...]
    citation: CitationResult


class Notice(Frozen):
    """A warning: the evaluation went ahead, but the caller should know this."""

    code: str
    pointer: str
    message: str


class RegulationSummary(Frozen):
    """Which regulation, revision and data the evaluation used."""

    id: str
    revision: int
    short_name: str
    title: str
    content_hash: str
    selected_by: Literal["argument", "submission", "year"] = Field(
        description="argument: named by the caller; submission: named in the submission; "
        "year: the regulation in force for the assessment year."
    )
    catalogue_complete: bool
    indicators_encoded: int
    indicators_declared: int | None


class ScoringPolicy(Frozen):
    """How points were given and rolled up, with where the regulation says so."""

    dimension_points: dict[Literal["struktur", "proses", "hasil"], DecimalString]
    citation: CitationResult = Field(description="Basis of the points per dimension.")
    rollup: Literal["weighted_mean_of_rights"] = Field(
        description="total = sum(weight x right score) / sum(weights); equal weights: the mean."
    )
    rollup_citation: CitationResult


class RoundingPolicy(Frozen):
    """How figures were rounded (all arithmetic before it is exact)."""

    score_places: int
    trace_places: int
    mode: Literal["half-up"]
    category_from: Literal["rounded_total", "exact_total"]
    citation: CitationResult


class Provenance(Frozen):
    """What is needed to reproduce this result exactly."""

    library: str
    library_version: str
    regulation_id: str
    regulation_revision: int
    regulation_hash: str
    input_hash: str = Field(
        description="sha256 of the submission as given, keys in canonical order."
    )


_INSTANCE_DICT: Any = BaseModel.__dict__["__dict__"]
"""The slot that holds a model's field values (what ``__dict__`` reads and writes)."""
_PENDING = "\x00pending trace"
"""The key under which an evaluation keeps the function that completes its trace."""
_TRACE_FIELDS = frozenset({"rights", "indicators", "missing_indicators", "warnings", "provenance"})
"""The fields :func:`~kkpham_rules.evaluate` computes when they are first read."""


class Evaluation(Frozen):
    """A region's score under one regulation, with the full trace.

    :meth:`to_json` gives the canonical, byte-for-byte reproducible JSON.
    """

    # An evaluation made by evaluate() knows its total and category at once and
    # builds the rest of its trace (rights, indicators, missing_indicators,
    # warnings, provenance) the first time any of it is read, compared, copied or
    # serialised: a caller that wants only the category never pays for the trace,
    # and one that reads it sees exactly the values of a fully built, validated
    # evaluation. (Not in the docstring: that is the published schema's text.)

    format: Literal["kkpham-evaluation/1"] = EVALUATION_FORMAT
    region: Region
    assessment_year: int
    regulation: RegulationSummary
    total_score: DecimalString
    max_score: DecimalString
    category: CategoryResult
    rights: tuple[RightResult, ...]
    indicators: tuple[IndicatorResult, ...]
    missing_indicators: tuple[str, ...]
    warnings: tuple[Notice, ...]
    scoring: ScoringPolicy
    rounding: RoundingPolicy
    provenance: Provenance

    @classmethod
    def _with_pending_trace(
        cls, known: Mapping[str, Any], complete: Callable[[], Mapping[str, Any]]
    ) -> Evaluation:
        """Return an evaluation holding ``known`` fields; ``complete()`` gives all fields later.

        ``complete`` must return every field's value, validated (the values of
        an :class:`Evaluation` built the ordinary way) and agreeing with ``known``.
        """
        evaluation = cls.__new__(cls)
        _INSTANCE_DICT.__set__(evaluation, {**known, _PENDING: complete})
        object.__setattr__(
            evaluation, "__pydantic_fields_set__", set(cls.model_fields) - {"format"}
        )
        object.__setattr__(evaluation, "__pydantic_extra__", None)
        object.__setattr__(evaluation, "__pydantic_private__", None)
        return evaluation

    # Every way pydantic and Python read a model's values (serialising, comparing,
    # copying, pickling, repr) goes through ``__dict__``; reading a trace field goes
    # through ``__getattr__``. Both complete a pending trace first, so no caller can
    # see an evaluation without it.
    @property
    def __dict__(self) -> dict[str, Any]:
        values: dict[str, Any] = _INSTANCE_DICT.__get__(self)
        complete = values.get(_PENDING)
        if complete is None:
            return values
        # a new dict, swapped in whole: fields in their declared order, and no
        # other thread ever sees a half-built one
        values = dict(complete())
        _INSTANCE_DICT.__set__(self, values)
        return values

    @__dict__.setter
    def __dict__(self, values: dict[str, Any]) -> None:
        _INSTANCE_DICT.__set__(self, values)

    def __getattr__(self, name: str) -> Any:
        if name in _TRACE_FIELDS:
            return self.__dict__[name]
        return super().__getattr__(name)  # type: ignore[misc]

    def to_json(self, indent: int | None = 2) -> str:
        """Return the evaluation as deterministic JSON text (UTF-8, fixed key order)."""
        return json_text(self.model_dump(mode="json"), indent)

    def right(self, right_id: str) -> RightResult:
        """Return the result for one right; ``KeyError`` if the regulation has no such right."""
        for right in self.rights:
            if right.id == right_id:
                return right
        raise KeyError(right_id)

    def to_dataframe(
        self,
        level: Literal["rights", "dimensions", "summary"] = "rights",
        lang: Literal["id", "en"] = "id",
    ) -> Any:
        """Return the evaluation as a pandas DataFrame (needs the ``[dataframe]`` extra).

        ``level`` picks the rows:

        * ``"rights"``: one row per right: ``right`` (id), ``right_name``,
          ``weight``, ``score``, ``max_score`` and the points each dimension
          earned (``struktur_points``, ``proses_points``, ``hasil_points``);
        * ``"dimensions"``: one row per right and dimension: ``right``,
          ``right_name``, ``dimension``, ``source``, ``achievement_percent``,
          ``points_available``, ``points_earned`` and the indicator counts
          ``indicators_declared`` (nullable ``Int64``: ``<NA>`` where the
          regulation declares no count), ``indicators_encoded``,
          ``indicators_unencoded``, ``indicators_missing``;
        * ``"summary"``: one row: region, year, regulation, ``total_score``,
          category, ``awarded``, a ``right:<id>`` score per right and the
          number of ``warnings``.

        The ``rights`` and ``dimensions`` rows begin with the region and
        regulation (``region_code``, ``region_name``, ``assessment_year``,
        ``regulation``, ``regulation_revision``) and end with the result
        (``total_score``, ``category``, ``category_label``, ``awarded``), so
        frames of many evaluations concatenate and group; for many at once,
        :func:`kkpham_rules.files.export.to_dataframe` takes the same ``level``.
        Names and labels are in ``lang``.

        Scores and points are ``float64``, years and counts ``int64``,
        ``awarded`` a boolean; ids (region code ``"11.10"``, right, category)
        stay text. The floats are for analysis only: each is the double nearest
        the exact decimal string of :meth:`to_json` (``float("81.22")``), never
        a recomputation; the JSON keeps the exact figures. Raises
        :class:`~kkpham_rules.files.export.DataFrameUnavailableError` without pandas.
        """
        from .files.export import to_dataframe  # here: export is needed only when called

        return to_dataframe([self], lang, level)

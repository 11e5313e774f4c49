"""Peer benchmark: one cohort through kkpham_rules, zen-engine, OpenFisca-Core and numpy.

Run ``python benchmarks/peers.py [--regions N] [--repeat K] [--seed S]``: it
scores the same synthetic cohort (dimension level, Permenkumham 22/2021 by
default) with every engine in one process, prints a Markdown table of rates and
ratios, and checks that every engine gives kkpham_rules' exact categories (and
totals, where it produces them). The peers are the optional ``bench`` extra
(``pip install '.[bench]'``); a peer that is not installed is skipped with a
one-line message.

Every peer's model is built from the :class:`~kkpham_rules.model.Regulation`
(dimension points, right weights, score places, category bounds), never from
numbers written here, so the peers score what kkpham_rules scores.

Float-rounding ties: totals of a dimension-level cohort are exact decimals, and
a few land exactly on a rounding tie (x.xx5). A float engine may round those
either way, so a disagreement at a tie is counted apart, not as an error; a tie
is a region whose exact total is one (computed here in fractions), or whose
float total lies within :data:`TIE_MARGIN` of one. Exact and decimal engines
(kkpham_rules, zen-engine) get no such excuse.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import orjson

import kkpham_rules
from kkpham_rules.fast import prepare_cohort, score_cohort  # adapter only
from kkpham_rules.model import Dimension, Regulation
from kkpham_rules.policy.synth import synthetic_cohort

# =====================================================================================
# kkpham_rules adapter: every call into kkpham_rules' scoring API is in this section
# (and the imports marked "adapter only"), so that an API change (the coming
# prepare/score pair) is an edit of these lines only.
# =====================================================================================


def kk_exact(item: dict[str, Any], regulation: Regulation) -> tuple[str, str]:
    """Return (rounded total, category code) of one region by the exact path."""
    evaluation = kkpham_rules.evaluate(item, regulation)
    return evaluation.total_score, evaluation.category.code


def kk_exact_json(item: dict[str, Any], regulation: Regulation) -> str:
    """Return one region's full evaluation (the trace) as JSON text."""
    return kkpham_rules.evaluate(item, regulation).to_json()


def kk_cohort(
    items: Sequence[dict[str, Any]], regulation: Regulation
) -> tuple[Sequence[str], Sequence[str]]:
    """Return (totals, category codes) of a cohort by the fast path, end to end from dicts."""
    scores = kkpham_rules.evaluate_cohort(items, regulation, fast=True)
    return [r.total_score for r in scores.regions], [r.category for r in scores.regions]


def kk_prepare(items: Sequence[dict[str, Any]], regulation: Regulation) -> Any:
    """Return the cohort validated and laid out in arrays (not timed)."""
    return prepare_cohort(items, regulation)


def kk_score(
    prepared: Any, regulation: Regulation
) -> tuple[Sequence[str], Callable[[], Sequence[str]]]:
    """Score a prepared cohort: its category codes (timed) and a reader of its totals."""
    scored = score_cohort(prepared, [regulation])[0]
    return scored.categories, lambda: scored.totals


# =====================================================================================
# End of the kkpham_rules adapter.
# =====================================================================================

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Arithmetic = Literal["exact", "decimal", "float64", "float32"]

TIE_MARGIN = 1e-9
"""How close (in score points) a float total may come to x.xx5 to count as a tie."""
INSTALL_HINT = "pip install '.[bench]'"


# ------------------------------------------------------------------ the shared model


@dataclass(frozen=True)
class Model:
    """The dimension-level scoring rules of a regulation, as plain values for the peers."""

    right_ids: tuple[str, ...]
    dimensions: tuple[str, ...]
    points: tuple[Fraction, ...]
    """Points per dimension, in ``dimensions`` order."""
    weights: tuple[Fraction, ...]
    """Weight per right, in ``right_ids`` order."""
    places: int
    codes: tuple[str, ...]
    """Category codes, lowest bound first."""
    lowers: tuple[Fraction, ...]
    """Category lower bounds, ascending."""

    @classmethod
    def of(cls, regulation: Regulation) -> Model:
        """Return the model of ``regulation``; only dimension-level rules are supported."""
        if regulation.indicators:
            raise ValueError(f"{regulation.short_name} encodes indicators; peers model shares only")
        if regulation.scoring.classify_on != "rounded_total":
            raise ValueError("peers classify the rounded total only")
        ordered = sorted(regulation.categories, key=lambda c: c.lower)
        return cls(
            right_ids=tuple(r.id for r in regulation.rights),
            dimensions=tuple(d.value for d in Dimension),
            points=tuple(regulation.scoring.points(d) for d in Dimension),
            weights=tuple(r.weight for r in regulation.rights),
            places=regulation.scoring.score_places,
            codes=tuple(c.code for c in ordered),
            lowers=tuple(c.lower for c in ordered),
        )

    @property
    def thresholds(self) -> tuple[int, ...]:
        """Return each category's lower bound in units of the last rounded place, exactly.

        With the category read from the rounded total ``k / 10**places``,
        ``k / 10**places >= lower`` holds exactly when ``k >= ceil(lower * 10**places)``.
        """
        return tuple(math.ceil(lower * 10**self.places) for lower in self.lowers)

    def units_text(self, units: int) -> str:
        """Return a count of the last rounded place as a decimal string (7499 -> "74.99")."""
        return str(Decimal(units).scaleb(-self.places))


def decimal_literal(value: Fraction) -> str:
    """Return ``value`` as an exact expression for zen: a decimal, or a quotient."""
    text = str(Decimal(value.numerator) / Decimal(value.denominator))
    if Fraction(text) == value:
        return text
    return f"({value.numerator} / {value.denominator})"


# ------------------------------------------------------------------ the workload


@dataclass(frozen=True)
class Outcome:
    """What one engine gave for the cohort: categories, and totals where it produces them."""

    categories: tuple[str, ...]
    totals: tuple[str, ...] | None = None
    """Rounded totals as decimal strings."""
    float_totals: FloatArray | None = None
    """Unrounded float totals (float engines), for finding float-rounding ties."""


@dataclass(frozen=True)
class Workload:
    """The cohort as a user has it, its reference scores, and the exact unrounded totals."""

    regulation: Regulation
    model: Model
    items: tuple[dict[str, Any], ...]
    exact_totals: tuple[Fraction, ...]
    reference: Outcome

    @property
    def regions(self) -> int:
        """Return the number of regions in the cohort."""
        return len(self.items)

    @property
    def ties(self) -> frozenset[int]:
        """Return the regions whose exact total lies exactly on a rounding tie (x.xx5)."""
        scale = 10**self.model.places
        # a tie is an odd number of half units: 2 * total * 10**places an odd integer
        doubled = [total * scale * 2 for total in self.exact_totals]
        return frozenset(
            n for n, d in enumerate(doubled) if d.denominator == 1 and d.numerator % 2 == 1
        )


def share(item: dict[str, Any], right_id: str, dimension: str) -> str | None:
    """Return a region's given share of one right's dimension (a decimal string), if any."""
    value = item.get("dimensions", {}).get(right_id, {}).get(dimension)
    return None if value is None else str(value)


def exact_totals(items: Sequence[dict[str, Any]], model: Model) -> tuple[Fraction, ...]:
    """Return every region's unrounded total in fractions (a missing share scores 0)."""
    weight_sum = sum(model.weights, Fraction(0))
    totals = []
    for item in items:
        total = Fraction(0)
        for right_id, weight in zip(model.right_ids, model.weights, strict=True):
            for dimension, points in zip(model.dimensions, model.points, strict=True):
                given = share(item, right_id, dimension)
                if given is not None:
                    total += weight * points * Fraction(given) / 100
        totals.append(total / weight_sum)
    return tuple(totals)


def round_half_up(value: Fraction, places: int) -> int:
    """Return ``value`` (non-negative) rounded half up, in units of ``10**-places``."""
    scaled = value * Fraction(10) ** places
    return (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)


def make_workload(
    regions: int = 514, seed: int = 7, regulation: Regulation | str = "22/2021"
) -> Workload:
    """Return a synthetic cohort as user dicts, scored by kkpham_rules' exact path.

    ``regulation`` is a name, or a :class:`Regulation` (a variant made with
    ``attrs.evolve``, say: the peers are built from whatever it declares).
    """
    chosen = (
        regulation
        if isinstance(regulation, Regulation)
        else kkpham_rules.get_regulation(regulation)
    )
    model = Model.of(chosen)
    items = tuple(
        s.model_dump(mode="json", by_alias=True, exclude_none=True)
        for s in synthetic_cohort(chosen, regions=regions, seed=seed)
    )
    scored = [kk_exact(item, chosen) for item in items]
    totals = exact_totals(items, model)
    # the peers model the regulation as read here: check that reading against kkpham_rules
    misread = [
        n
        for n, (total, (given, _)) in enumerate(zip(totals, scored, strict=True))
        if model.units_text(round_half_up(total, model.places)) != given
    ]
    if misread:
        raise ValueError(f"the peer model misreads {chosen.short_name}: regions {misread[:5]}")
    return Workload(
        regulation=chosen,
        model=model,
        items=items,
        exact_totals=totals,
        reference=Outcome(
            categories=tuple(code for _, code in scored),
            totals=tuple(total for total, _ in scored),
        ),
    )


def shares_array(items: Sequence[dict[str, Any]], model: Model) -> FloatArray:
    """Return shares as a (regions, rights, dimensions) float64 array; missing shares are 0."""
    shares = np.zeros((len(items), len(model.right_ids), len(model.dimensions)))
    for n, item in enumerate(items):
        for r, right_id in enumerate(model.right_ids):
            for d, dimension in enumerate(model.dimensions):
                given = share(item, right_id, dimension)
                if given is not None:
                    shares[n, r, d] = float(given)
    return shares


# ------------------------------------------------------------------ the peers


@dataclass(frozen=True)
class Peer:
    """One engine: untimed preparation, one timed pass over the cohort, untimed reading."""

    name: str
    timed: str
    """What one timed run covers."""
    arithmetic: Arithmetic
    prepare: Callable[[Workload], Any]
    run: Callable[[Any], Any]
    read: Callable[[Any, Any], Outcome]
    """(prepared state, run's result) -> outcome."""
    per_region: bool = False
    """Whether the engine is called once per region (slow: fewer benchmark rounds)."""


def _kk_exact_peer() -> Peer:
    def prepare(work: Workload) -> Any:
        return work

    def run(work: Workload) -> list[tuple[str, str]]:
        return [kk_exact(item, work.regulation) for item in work.items]

    def read(_: Workload, scored: list[tuple[str, str]]) -> Outcome:
        return Outcome(tuple(c for _, c in scored), tuple(t for t, _ in scored))

    return Peer(
        "kkpham_rules exact",
        "`evaluate(dict)` per region",
        "exact",
        prepare,
        run,
        read,
        per_region=True,
    )


def _kk_exact_json_peer() -> Peer:
    def run(work: Workload) -> list[str]:
        return [kk_exact_json(item, work.regulation) for item in work.items]

    def read(_: Workload, texts: list[str]) -> Outcome:
        loaded = [orjson.loads(text) for text in texts]
        return Outcome(
            tuple(e["category"]["code"] for e in loaded), tuple(e["total_score"] for e in loaded)
        )

    return Peer(
        "kkpham_rules exact + JSON",
        "`evaluate(dict).to_json()` per region",
        "exact",
        lambda work: work,
        run,
        read,
        per_region=True,
    )


def _kk_cohort_peer() -> Peer:
    def run(work: Workload) -> tuple[Sequence[str], Sequence[str]]:
        return kk_cohort(work.items, work.regulation)

    def read(_: Workload, scored: tuple[Sequence[str], Sequence[str]]) -> Outcome:
        return Outcome(tuple(scored[1]), tuple(scored[0]))

    return Peer(
        "kkpham_rules fast, end to end",
        "`evaluate_cohort(dicts, fast=True)`",
        "exact",  # the fast path promises the exact path's results: no tie excuse
        lambda work: work,
        run,
        read,
    )


def _kk_prepared_peer() -> Peer:
    def prepare(work: Workload) -> tuple[Any, Regulation]:
        return kk_prepare(work.items, work.regulation), work.regulation

    def run(state: tuple[Any, Regulation]) -> Any:
        return kk_score(*state)

    def read(_: Any, scored: tuple[Sequence[str], Callable[[], Sequence[str]]]) -> Outcome:
        return Outcome(tuple(scored[0]), tuple(scored[1]()))

    return Peer(
        "kkpham_rules fast, prepared",
        "score a validated, array-laid cohort",
        "exact",
        prepare,
        run,
        read,
    )


@dataclass(frozen=True)
class _NumpyState:
    shares: FloatArray
    coefficients: FloatArray
    thresholds: IntArray
    scale: float
    model: Model


def _numpy_peer() -> Peer:
    def prepare(work: Workload) -> _NumpyState:
        model = work.model
        weight_sum = sum(model.weights, Fraction(0))
        # one coefficient per right and dimension: weight share x points per percent
        coefficients = np.array(
            [[float(w / weight_sum * p / 100) for p in model.points] for w in model.weights]
        )
        return _NumpyState(
            shares_array(work.items, model),
            coefficients,
            np.array(model.thresholds, dtype=np.int64),
            float(10**model.places),
            model,
        )

    def run(state: _NumpyState) -> tuple[FloatArray, IntArray, IntArray]:
        totals = np.einsum("nrd,rd->n", state.shares, state.coefficients)
        units = np.floor(totals * state.scale + 0.5).astype(np.int64)
        index = np.searchsorted(state.thresholds, units, side="right") - 1
        return totals, units, index

    def read(state: _NumpyState, result: tuple[FloatArray, IntArray, IntArray]) -> Outcome:
        totals, units, index = result
        return Outcome(
            tuple(state.model.codes[int(i)] for i in index),
            tuple(state.model.units_text(int(k)) for k in units),
            totals,
        )

    return Peer(
        "numpy",
        "einsum, round, searchsorted on a shares array",
        "float64",
        prepare,
        run,
        read,
    )


def zen_graph(model: Model) -> dict[str, Any]:
    """Return a JDM decision graph for ``model``: input, right scores, total, category, output.

    Input is a submission dict as a user has it (shares as decimal strings, read
    with ``number``); zen computes in decimals, so its totals and ties are exact.
    """
    weight_sum = sum(model.weights, Fraction(0))

    def right_score(right_id: str) -> str:
        terms = [
            f'number(dimensions["{right_id}"].{dimension} ?? "0") * {decimal_literal(p / 100)}'
            for dimension, p in zip(model.dimensions, model.points, strict=True)
        ]
        return " + ".join(terms)

    rights = [
        {"id": f"right-{r}", "key": f"right_{r}", "value": right_score(right_id)}
        for r, right_id in enumerate(model.right_ids)
    ]
    weighted = " + ".join(f"{decimal_literal(w)} * right_{r}" for r, w in enumerate(model.weights))
    totals = [
        {"id": "total", "key": "total", "value": f"({weighted}) / {decimal_literal(weight_sum)}"},
        # round() in zen is half away from zero on decimals: the regulation's rule
        {"id": "total-score", "key": "total_score", "value": f"round($.total, {model.places})"},
    ]
    rules = [
        {"_id": f"rule-{code}", "bound": f">= {decimal_literal(lower)}", "code": json.dumps(code)}
        for code, lower in reversed(list(zip(model.codes, model.lowers, strict=True)))
    ]

    def expression_node(node_id: str, expressions: list[dict[str, str]]) -> dict[str, Any]:
        return {
            "id": node_id,
            "type": "expressionNode",
            "name": node_id,
            "position": {"x": 0, "y": 0},
            "content": {"expressions": expressions, "passThrough": False},
        }

    nodes = [
        {"id": "request", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
        expression_node("rights", rights),
        expression_node("total", totals),
        {
            "id": "category",
            "type": "decisionTableNode",
            "name": "category",
            "position": {"x": 0, "y": 0},
            "content": {
                "hitPolicy": "first",  # rules best category first, so the first hit is it
                "inputs": [{"id": "bound", "name": "total score", "field": "total_score"}],
                "outputs": [{"id": "code", "name": "category", "field": "category"}],
                "rules": rules,
                "passThrough": True,
            },
        },
        {"id": "response", "type": "outputNode", "name": "response", "position": {"x": 0, "y": 0}},
    ]
    order = ["request", "rights", "total", "category", "response"]
    edges = [
        {"id": f"{a}-{b}", "sourceId": a, "targetId": b, "type": "edge"}
        for a, b in itertools.pairwise(order)
    ]
    return {"nodes": nodes, "edges": edges}


def _zen_peer() -> Peer:
    import zen  # the optional peer: ImportError means skip

    def prepare(work: Workload) -> tuple[Any, Workload]:
        decision = zen.ZenEngine().create_decision(json.dumps(zen_graph(work.model)))
        return decision, work

    def run(state: tuple[Any, Workload]) -> list[dict[str, Any]]:
        decision, work = state
        return [decision.evaluate(item)["result"] for item in work.items]

    def read(state: tuple[Any, Workload], results: list[dict[str, Any]]) -> Outcome:
        places = state[1].model.places
        # zen hands decimals back as Python floats; printed to the places they are exact
        return Outcome(
            tuple(r["category"] for r in results),
            tuple(f"{r['total_score']:.{places}f}" for r in results),
        )

    return Peer(
        "zen-engine",
        "`decision.evaluate(dict)` per region",
        "decimal",
        prepare,
        run,
        read,
        per_region=True,
    )


@dataclass(frozen=True)
class _OpenFiscaState:
    system: Any
    builder: type
    period: str
    ids: tuple[str, ...]
    columns: tuple[tuple[str, FloatArray], ...]
    model: Model


def openfisca_system(model: Model, start: str) -> Any:
    """Return a minimal OpenFisca TaxBenefitSystem for ``model``: one entity, the region.

    Variables: one input per share (``share_<r>_<dimension>``), ``right_score_<r>``,
    ``total``, ``total_units`` (the rounded total in units of the last place) and
    ``category`` (an Enum); points and weights are OpenFisca parameters from ``start``.
    OpenFisca stores ``float`` variables as float32: see the module docstring on ties.
    """
    from openfisca_core.entities import build_entity
    from openfisca_core.indexed_enums import Enum
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    region = build_entity("region", "regions", "A kabupaten or kota", is_person=True)
    system = TaxBenefitSystem([region])
    system.parameters = ParameterNode(
        "",
        data={
            "points": {
                d: {"values": {start: float(p)}}
                for d, p in zip(model.dimensions, model.points, strict=True)
            },
            "weights": {
                f"right_{r}": {"values": {start: float(w)}} for r, w in enumerate(model.weights)
            },
        },
    )
    category_enum = Enum(  # the functional Enum API: members from the model
        "Category", [(code.replace("-", "_"), code) for code in model.codes]
    )
    members = list(category_enum)

    def variable(name: str, value_type: type, formula: Any = None, **extra: Any) -> None:
        attributes = {
            "value_type": value_type,
            "entity": region,
            "definition_period": DateUnit.YEAR,
            "label": name,
            **extra,
        }
        if formula is not None:
            attributes["formula"] = formula
        system.add_variable(type(name, (Variable,), attributes))

    def right_formula(r: int) -> Any:
        def formula(regions: Any, period: Any, parameters: Any) -> Any:
            points = parameters(period).points
            return sum(
                regions(f"share_{r}_{d}", period) * points[d] / 100 for d in model.dimensions
            )

        return formula

    def total(regions: Any, period: Any, parameters: Any) -> Any:
        weights = parameters(period).weights
        weighted = [
            regions(f"right_score_{r}", period) * weights[f"right_{r}"]
            for r in range(len(model.right_ids))
        ]
        return sum(weighted) / sum(weights[f"right_{r}"] for r in range(len(model.right_ids)))

    def total_units(regions: Any, period: Any, parameters: Any) -> Any:
        return np.floor(regions("total", period) * 10**model.places + 0.5)

    def category(regions: Any, period: Any, parameters: Any) -> Any:
        units = regions("total_units", period)
        best_first = list(zip(model.thresholds, members, strict=True))[::-1]
        return np.select([units >= t for t, _ in best_first], [m for _, m in best_first])

    for r in range(len(model.right_ids)):
        for d in model.dimensions:
            variable(f"share_{r}_{d}", float)
        variable(f"right_score_{r}", float, right_formula(r))
    variable("total", float, total)
    variable("total_units", int, total_units)
    variable("category", Enum, category, possible_values=category_enum, default_value=members[0])
    return system


def _openfisca_peer() -> Peer:
    from openfisca_core.simulations import SimulationBuilder

    def prepare(work: Workload) -> _OpenFiscaState:
        model = work.model
        start = f"{work.regulation.governs.first}-01-01"
        shares = shares_array(work.items, model)
        columns = tuple(
            (f"share_{r}_{d}", np.ascontiguousarray(shares[:, r, k]))
            for r in range(len(model.right_ids))
            for k, d in enumerate(model.dimensions)
        )
        return _OpenFiscaState(
            openfisca_system(model, start),
            SimulationBuilder,
            str(work.items[0]["assessment_year"]),
            tuple(str(item["region"]["code"]) for item in work.items),
            columns,
            model,
        )

    def run(state: _OpenFiscaState) -> Any:
        builder = state.builder()
        builder.create_entities(state.system)
        builder.declare_person_entity("region", state.ids)
        simulation = builder.build(state.system)
        for name, column in state.columns:
            simulation.set_input(name, state.period, column)
        simulation.calculate("category", state.period)
        return simulation

    def read(state: _OpenFiscaState, simulation: Any) -> Outcome:
        # values computed in the timed run, read back from the simulation's cache
        categories = simulation.calculate("category", state.period).decode()
        units = simulation.calculate("total_units", state.period)
        totals = simulation.calculate("total", state.period)
        return Outcome(
            tuple(member.value for member in categories),
            tuple(state.model.units_text(int(k)) for k in units),
            np.asarray(totals, dtype=np.float64),
        )

    return Peer(
        "OpenFisca-Core",
        "build a simulation from share arrays, calculate",
        "float32",
        prepare,
        run,
        read,
    )


def peers() -> tuple[list[Peer], list[str]]:
    """Return the available peers, and a one-line message for each one that is skipped."""
    available = [
        _kk_exact_peer(),
        _kk_exact_json_peer(),
        _kk_cohort_peer(),
        _kk_prepared_peer(),
        _numpy_peer(),
    ]
    skipped = []
    for package, make in (("zen-engine", _zen_peer), ("openfisca-core", _openfisca_peer)):
        try:
            available.append(make())
        except ImportError:
            skipped.append(f"{package} not installed: {INSTALL_HINT}")
    return available, skipped


# ------------------------------------------------------------------ agreement and timing


@dataclass(frozen=True)
class Agreement:
    """How an engine's results compare with kkpham_rules' exact path."""

    regions: int
    categories_agree: int
    totals_agree: int | None
    ties: int
    """Regions on a rounding tie: exact total on x.xx5, or float total within TIE_MARGIN."""
    float_near_ties: int | None
    """Float totals within TIE_MARGIN of x.xx5 (float engines only)."""
    differ_at_ties: int
    """Regions that differ only because a float engine rounded a tie the other way."""
    errors: int
    """Regions that differ for any other reason: a real disagreement."""

    def summary(self) -> str:
        """Return the agreement as a short text for the table."""
        text = f"{self.categories_agree}/{self.regions}"
        if self.totals_agree is not None:
            text += f" (totals {self.totals_agree}/{self.regions})"
        if self.errors:
            text += f" **{self.errors} error(s)**"
        return text

    def ties_text(self) -> str:
        """Return the tie counts as a short text for the table."""
        if self.float_near_ties is None:
            return f"{self.ties}, rounded exactly"
        return f"{self.ties} ({self.float_near_ties} float-near), {self.differ_at_ties} differ"


def agreement(peer: Peer, outcome: Outcome, work: Workload) -> Agreement:
    """Compare ``outcome`` with the reference, counting float-rounding ties apart."""
    reference = work.reference
    reference_totals = reference.totals
    assert reference_totals is not None  # the exact path always gives totals
    if len(outcome.categories) != work.regions:
        raise ValueError(f"{peer.name} scored {len(outcome.categories)} of {work.regions} regions")
    ties = set(work.ties)
    near: int | None = None
    if outcome.float_totals is not None:
        scaled = outcome.float_totals * 10**work.model.places
        close = np.abs(scaled - np.floor(scaled) - 0.5) < TIE_MARGIN * 10**work.model.places
        near = int(close.sum())
        ties |= {int(n) for n in np.flatnonzero(close)}
    differing = {
        n
        for n in range(work.regions)
        if outcome.categories[n] != reference.categories[n]
        or (outcome.totals is not None and outcome.totals[n] != reference_totals[n])
    }
    excused = differing & ties if peer.arithmetic in ("float64", "float32") else set()
    return Agreement(
        regions=work.regions,
        categories_agree=sum(
            a == b for a, b in zip(outcome.categories, reference.categories, strict=True)
        ),
        totals_agree=None
        if outcome.totals is None
        else sum(a == b for a, b in zip(outcome.totals, reference_totals, strict=True)),
        ties=len(ties),
        float_near_ties=near,
        differ_at_ties=len(excused),
        errors=len(differing - excused),
    )


@dataclass(frozen=True)
class Measurement:
    """Repeated timings of one peer (seconds per pass over the cohort) and its agreement."""

    peer: Peer
    times: tuple[float, ...]
    loops: int
    agreement: Agreement
    regions: int

    @property
    def median(self) -> float:
        """Return the median time of one pass."""
        return statistics.median(self.times)

    @property
    def rate(self) -> float:
        """Return regions scored per second, at the median time."""
        return self.regions / self.median

    @property
    def spread(self) -> float:
        """Return (max - min) / median of the repeats."""
        return (max(self.times) - min(self.times)) / self.median


def measure(peer: Peer, work: Workload, repeat: int = 5, min_time: float = 0.05) -> Measurement:
    """Time ``repeat`` samples of ``peer.run`` and check its results against the reference.

    Each sample runs the engine ``loops`` times (chosen so a sample lasts at
    least ``min_time``, as :mod:`timeit` does), so fast engines are not timed
    below the clock's resolution; times are per pass over the cohort. The first
    (calibrating) run also warms caches and gives the result that is checked.
    """
    state = peer.prepare(work)
    start = time.perf_counter()
    result = peer.run(state)
    first = time.perf_counter() - start
    loops = max(1, math.ceil(min_time / max(first, 1e-9)))
    times = []
    for _ in range(repeat):
        gc.collect()  # each sample starts from a clean heap; collections inside it still count
        start = time.perf_counter()
        for _ in range(loops):
            peer.run(state)
        times.append((time.perf_counter() - start) / loops)
    outcome = peer.read(state, result)
    return Measurement(peer, tuple(times), loops, agreement(peer, outcome, work), work.regions)


# ------------------------------------------------------------------ the table


def _duration(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _ratio(value: float | None) -> str:
    if value is None:
        return "-"
    # a slower engine reads better as a fraction ("1/21,700") than as 4.6e-05
    if value < 0.1:
        return f"1/{1 / value:,.0f}"
    return f"{value:.3g}x" if value < 100 else f"{value:,.0f}x"


def table(measurements: Sequence[Measurement]) -> str:
    """Return the measurements as a Markdown table, with ratios of rates.

    "vs zen-engine" and "vs numpy" are this engine's rate divided by theirs
    (above 1: faster); "runs" gives min / median / max over the repeats and
    their relative spread.
    """
    by_name = {m.peer.name: m for m in measurements}
    zen, numpy_ = by_name.get("zen-engine"), by_name.get("numpy")
    lines = [
        "| engine | timed | median | regions/s | vs zen-engine | vs numpy | agreement "
        "| ties | runs: min / median / max (spread) |",
        "|---|---|---:|---:|---:|---:|---|---|---|",
    ]
    for m in measurements:
        runs = " / ".join(_duration(t) for t in (min(m.times), m.median, max(m.times)))
        lines.append(
            f"| {m.peer.name} | {m.peer.timed} | {_duration(m.median)} | {m.rate:,.0f} "
            f"| {_ratio(m.rate / zen.rate if zen else None)} "
            f"| {_ratio(m.rate / numpy_.rate if numpy_ else None)} "
            f"| {m.agreement.summary()} | {m.agreement.ties_text()} "
            f"| {runs} ({m.spread:.0%}, {len(m.times)}x{m.loops}) |"
        )
    return "\n".join(lines)


LEGEND = """\
- regions/s: regions scored per second at the median time of one pass over the cohort;
  vs zen-engine, vs numpy: this engine's rate over theirs ("1/N": N times slower).
- numpy, OpenFisca-Core and "fast, prepared" start from arrays prepared before the timing
  (validated, parsed shares); the other rows start from the dicts a user has.
- agreement: categories (and rounded totals) equal to kkpham_rules' exact path.
- ties: regions whose exact total is a rounding tie (x.xx5), or whose float total lies
  within 1e-9 of one ("float-near"); "differ" counts the tie regions a float engine
  rounded the other way, which are not errors. OpenFisca-Core stores float variables as
  float32, so its tie totals land some 1e-6 off the tie and none is "float-near".
- runs: min / median / max time of one pass over the repeats, their spread
  ((max - min) / median), and repeats x passes per repeat."""


@dataclass
class Report:
    """A whole run: the measurements, the skipped peers and the wall time."""

    measurements: list[Measurement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        """Return the real disagreements over all engines."""
        return sum(m.agreement.errors for m in self.measurements)


def run_all(
    regions: int = 514, repeat: int = 5, seed: int = 7, regulation: str = "22/2021"
) -> Report:
    """Measure every available peer on one synthetic cohort."""
    start = time.perf_counter()
    work = make_workload(regions, seed, regulation)
    available, skipped = peers()
    report = Report(skipped=skipped)
    for peer in available:
        report.measurements.append(measure(peer, work, repeat))
    report.seconds = time.perf_counter() - start
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """Print the peer table; return 1 if any engine really disagrees with kkpham_rules."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=514, help="cohort size (514)")
    parser.add_argument("--repeat", type=int, default=5, help="timed samples per engine (5)")
    parser.add_argument("--seed", type=int, default=7, help="synthetic cohort seed (7)")
    parser.add_argument("--regulation", default="22/2021", help="regulation (22/2021)")
    args = parser.parse_args(argv)
    report = run_all(args.regions, args.repeat, args.seed, args.regulation)
    for message in report.skipped:
        print(message)
    print(
        f"\n{args.regions} synthetic regions (seed {args.seed}) under {args.regulation}, "
        f"{args.repeat} repeats; agreement is with kkpham_rules' exact path.\n"
    )
    print(table(report.measurements))
    print()
    print(LEGEND)
    print(f"\nharness took {report.seconds:.1f} s")
    if report.errors:
        print(f"{report.errors} real disagreement(s): see the agreement column", file=sys.stderr)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Peer benchmarks (pytest-benchmark): kkpham_rules beside zen-engine, OpenFisca-Core, numpy.

Every test times one engine over the same 514-region synthetic cohort (group
"peers, 514 regions") and asserts that its categories, and totals where it
gives them, equal kkpham_rules' exact path; a float engine may differ only on a
rounding tie (x.xx5), counted apart. zen-engine and OpenFisca-Core are the
optional ``bench`` extra and are skipped when not installed. The harness itself
is ``benchmarks/peers.py`` (``python benchmarks/peers.py`` prints the table).
"""

from __future__ import annotations

import importlib.util
import sys
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import kkpham_rules
from kkpham_rules.model import Dimension


def _load_peers() -> ModuleType:
    # pytest runs with --import-mode=importlib, which puts no test folder on sys.path
    path = Path(__file__).with_name("peers.py")
    spec = importlib.util.spec_from_file_location("kkpham_benchmark_peers", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


peers = _load_peers()
WORK = peers.make_workload(regions=514, seed=7)
INSTALL = "not installed: pip install '.[bench]'"


def _peer(name: str) -> Any:
    available, _ = peers.peers()
    return next(peer for peer in available if peer.name == name)


def _bench(benchmark: Any, peer: Any) -> Any:
    """Time one pass of ``peer`` over the cohort; return its agreement with the exact path."""
    state = peer.prepare(WORK)
    if peer.per_region:
        # a Python call per region: a few rounds are plenty, and keep the suite quick
        result = benchmark.pedantic(peer.run, args=(state,), rounds=3, iterations=1)
    else:
        result = benchmark(peer.run, state)
    return peers.agreement(peer, peer.read(state, result), WORK)


def _check(agreement: Any, *, exact: bool) -> None:
    assert agreement.regions == 514
    assert agreement.errors == 0, agreement
    if exact:
        # exact and decimal engines round ties exactly: nothing is excused
        assert agreement.categories_agree == 514, agreement
        assert agreement.totals_agree in (None, 514), agreement
    else:
        assert agreement.categories_agree + agreement.differ_at_ties >= 514, agreement
        assert agreement.differ_at_ties <= agreement.ties, agreement


@pytest.mark.parametrize(
    "name",
    [
        "kkpham_rules exact",
        "kkpham_rules exact + JSON",
        "kkpham_rules fast, end to end",
        "kkpham_rules fast, prepared",
    ],
)
@pytest.mark.benchmark(group="peers, 514 regions")
def test_kkpham(benchmark: Any, name: str) -> None:
    _check(_bench(benchmark, _peer(name)), exact=True)


@pytest.mark.benchmark(group="peers, 514 regions")
def test_numpy(benchmark: Any) -> None:
    """The lower bound: one contraction, rounding and lookup on prepared float64 arrays."""
    agreement = _bench(benchmark, _peer("numpy"))
    _check(agreement, exact=False)
    # in float64 every exact tie is also within 1e-9 of x.xx5, so it is seen as one
    assert agreement.float_near_ties == len(WORK.ties)


@pytest.mark.benchmark(group="peers, 514 regions")
def test_zen_engine(benchmark: Any) -> None:
    pytest.importorskip("zen", reason=f"zen-engine {INSTALL}")
    _check(_bench(benchmark, _peer("zen-engine")), exact=True)


@pytest.mark.benchmark(group="peers, 514 regions")
def test_openfisca_core(benchmark: Any) -> None:
    pytest.importorskip("openfisca_core", reason=f"openfisca-core {INSTALL}")
    _check(_bench(benchmark, _peer("OpenFisca-Core")), exact=False)


def test_cohort_has_ties() -> None:
    """The cohort must exercise rounding ties, or the tie accounting checks nothing."""
    assert len(WORK.ties) >= 1
    assert len(set(WORK.reference.categories)) == len(WORK.regulation.categories)


def test_peers_follow_the_regulation() -> None:
    """Each peer is built from the Regulation: a variant's points, weights and bounds count."""
    base = WORK.regulation
    peduli, cukup, *rest = base.categories
    variant = attrs.evolve(
        base,
        scoring=attrs.evolve(
            base.scoring,
            dimension_points=(
                (Dimension.STRUKTUR, Fraction(20)),
                (Dimension.PROSES, Fraction(35)),
                (Dimension.HASIL, Fraction(45)),
            ),
        ),
        rights=tuple(
            attrs.evolve(right, weight=Fraction(1 + n % 3)) for n, right in enumerate(base.rights)
        ),
        categories=(
            attrs.evolve(peduli, lower=Fraction(161, 2)),
            attrs.evolve(cukup, upper=Fraction(161, 2)),
            *rest,
        ),
    )
    work = peers.make_workload(regions=120, seed=3, regulation=variant)
    assert work.reference.categories != WORK.reference.categories[:120]
    available, _ = peers.peers()
    for peer in available:
        state = peer.prepare(work)
        agreement = peers.agreement(peer, peer.read(state, peer.run(state)), work)
        assert agreement.errors == 0, (peer.name, agreement)
        # a float engine may differ at a tie (in total, maybe category), nowhere else
        assert 120 - agreement.categories_agree <= agreement.differ_at_ties, (peer.name, agreement)


@pytest.mark.parametrize(
    ("module", "message"),
    [
        ("zen", f"zen-engine {INSTALL}"),
        ("openfisca_core.simulations", f"openfisca-core {INSTALL}"),
    ],
)
def test_missing_peer_is_skipped(
    monkeypatch: pytest.MonkeyPatch, module: str, message: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    available, skipped = peers.peers()
    assert skipped == [message]
    assert "numpy" in {peer.name for peer in available}


def test_main_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert peers.main(["--regions", "40", "--repeat", "2", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "| engine | timed | median | regions/s | vs zen-engine | vs numpy |" in out
    rows = [line for line in out.splitlines() if line.startswith("| kkpham_rules")]
    assert len(rows) == 4
    assert all("40/40" in row for row in rows)


def test_exact_reference_is_kkpham() -> None:
    """The harness's reference is kkpham_rules' exact path, region by region."""
    for item, total, code in list(
        zip(WORK.items, WORK.reference.totals, WORK.reference.categories, strict=True)
    )[:20]:
        evaluation = kkpham_rules.evaluate(item, WORK.regulation)
        assert (evaluation.total_score, evaluation.category.code) == (total, code)

"""The service under load (pytest-benchmark): rounds of requests from 8 concurrent clients.

Run with ``python -m pytest benchmarks/test_load.py --benchmark-only``. One real
uvicorn server serves the module; each round sends a batch of requests (group
"service, 8 clients") and every answer is checked against the library's bytes
or, for a malformed request, for a 4xx problem+json. The harness and its
table (1, 8 and 32 clients, p50 and p99) are ``benchmarks/load.py``.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _load_harness() -> ModuleType:
    # pytest runs with --import-mode=importlib, which puts no test folder on sys.path
    path = Path(__file__).with_name("load.py")
    spec = importlib.util.spec_from_file_location("kkpham_benchmark_load", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


load = _load_harness()
GOOD = load.good_calls()
BAD = load.malformed_calls()
CLIENTS = 8


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with load.server() as base:
        yield base


def _round(benchmark: Any, base_url: str, calls: list[Any]) -> None:
    outcomes = []

    def send() -> None:
        outcomes.append(asyncio.run(load.run(base_url, calls, CLIENTS)))

    benchmark.pedantic(send, rounds=3, iterations=1, warmup_rounds=1)
    assert [problem for outcome in outcomes for problem in outcome.wrong] == []
    assert all(len(outcome.latencies) == len(calls) for outcome in outcomes)


@pytest.mark.benchmark(group="service, 8 clients")
def test_evaluate_100_submissions(benchmark: Any, base_url: str) -> None:
    _round(benchmark, base_url, [GOOD["evaluate"]] * 100)


@pytest.mark.benchmark(group="service, 8 clients")
def test_evaluate_100_with_20_malformed(benchmark: Any, base_url: str) -> None:
    _round(benchmark, base_url, load.mixed(GOOD["evaluate"], BAD, 100))


@pytest.mark.benchmark(group="service, 8 clients")
def test_cohort_of_514_regions_8_times(benchmark: Any, base_url: str) -> None:
    _round(benchmark, base_url, [GOOD["cohort"]] * 8)

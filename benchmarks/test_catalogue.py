"""Importing a whole lampiran, and diffing two revisions over a cohort (pytest-benchmark).

Run with ``python -m pytest benchmarks/test_catalogue.py --benchmark-only``. The
table has 120 rows, as many as Permenkumham 22/2021 declares (made-up indicators,
twelve per right, a band table each: not the law); it is imported from CSV and
from a workbook. The diff scores 514 synthetic regions under revision 2 (dimension
level) and the imported revision (indicator level), by the batch path and by the
exact path: compare the two within one run, not the absolute times across machines.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.catalogue.diff import diff_revisions
from kkpham_rules.catalogue.importing import import_catalogue
from kkpham_rules.catalogue.reading import read_table
from kkpham_rules.catalogue.template import catalogue_csv, catalogue_workbook
from kkpham_rules.model import Regulation
from kkpham_rules.policy.synth import synthetic_cohort

DATE = dt.date(2026, 12, 11)
HEADER = "right,dimension,number,wording_id,unit,value_kind,rule,bands,gaps,status"
BANDS = '"≤ 40 → 0\n41-70 → 5\n≥ 71 → 10"'


@pytest.fixture(scope="module")
def regulation() -> Regulation:
    return kkpham_rules.get_regulation("22/2021")


@pytest.fixture(scope="module")
def lampiran(tmp_path_factory: pytest.TempPathFactory, regulation: Regulation) -> Path:
    rows = [
        f"{right.id},{dimension},{n},UJI {right.id} {n},persen,persen,pita,{BANDS},ya,disimpulkan"
        for right in regulation.rights
        for n, dimension in enumerate(["struktur"] * 2 + ["proses"] * 4 + ["hasil"] * 6, 1)
    ]
    path = tmp_path_factory.mktemp("lampiran") / "lampiran.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def imported(lampiran: Path, regulation: Regulation) -> Regulation:
    return import_catalogue(read_table(lampiran), regulation, 3, DATE).regulation


@pytest.mark.benchmark(group="catalogue import, 120 rows")
def test_import_120_rows_from_csv(benchmark: Any, lampiran: Path, regulation: Regulation) -> None:
    made = benchmark(lambda: import_catalogue(read_table(lampiran), regulation, 3, DATE))
    assert len(made.regulation.indicators) == 120


@pytest.mark.benchmark(group="catalogue import, 120 rows")
def test_import_120_rows_from_a_workbook(
    benchmark: Any, tmp_path: Path, imported: Regulation, regulation: Regulation
) -> None:
    path = tmp_path / "lampiran.xlsx"
    catalogue_workbook(imported, "id").save(path)
    made = benchmark(lambda: import_catalogue(read_table(path), regulation, 3, DATE))
    assert made.regulation.indicators == imported.indicators


@pytest.mark.benchmark(group="catalogue import, 120 rows")
def test_write_the_120_row_template(benchmark: Any, imported: Regulation) -> None:
    text = benchmark(lambda: catalogue_csv(imported, "id"))
    assert text.count("\n≥ 71 → 10") == 120


@pytest.mark.benchmark(group="catalogue diff, 514 regions")
@pytest.mark.parametrize("fast", [True, False], ids=["batch path", "exact path"])
def test_diff_over_514_regions(
    benchmark: Any, regulation: Regulation, imported: Regulation, fast: bool
) -> None:
    cohort = synthetic_cohort(imported, regions=514, seed=3)
    diff = benchmark(lambda: diff_revisions(regulation, imported, cohort, fast=fast))
    assert diff.cohort is not None
    assert diff.cohort.regions == 514

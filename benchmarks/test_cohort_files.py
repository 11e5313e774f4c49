"""Reading a large dimension-level CSV cohort (pytest-benchmark): rows per second.

Run with ``python -m pytest benchmarks/test_cohort_files.py --benchmark-only``. The
file has 150,000 rows (15,000 synthetic regions x 10 rights, about 12 MB); the
reader streams it, so memory is the submissions plus a line number per row.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.files.cohort import CSV_COLUMNS, read_csv
from kkpham_rules.policy.synth import synthetic_cohort

REGIONS = 15_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    regulation = kkpham_rules.get_regulation("22/2021")
    path = tmp_path_factory.mktemp("cohort") / "cohort.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for n, submission in enumerate(synthetic_cohort(regulation, regions=REGIONS, seed=7)):
            for right, shares in submission.dimensions.items():
                writer.writerow(
                    [
                        submission.region.code,
                        submission.region.name,
                        submission.assessment_year + n // 3762,  # repeated codes: other years
                        right,
                        shares.struktur,
                        shares.proses,
                        shares.hasil,
                    ]
                )
    return path


@pytest.mark.benchmark(group="cohort files")
def test_read_150000_row_csv(benchmark: Any, big_csv: Path) -> None:
    submissions = benchmark.pedantic(lambda: read_csv(big_csv), rounds=3, iterations=1)
    assert len(submissions) == REGIONS
    assert all(len(s.dimensions) == 10 for s in submissions[:100])

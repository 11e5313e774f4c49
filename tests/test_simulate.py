"""Cohorts, simulations, sensitivity, executors and charts."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook

import kkpham_rules
from kkpham_rules.files.cohort import from_rows, load_cohort
from kkpham_rules.messages import render
from kkpham_rules.policy.sensitivity import sensitivity
from kkpham_rules.policy.simulate import (
    REGIONS_CSV_COLUMNS,
    evaluate_cohort,
    simulate,
    write_regions_csv,
    write_regions_xlsx,
)
from kkpham_rules.policy.synth import synthetic_cohort
from kkpham_rules.policy.variants import VariantError, load_variant

VARIANTS = sorted((Path(__file__).parent.parent / "examples" / "variants").glob("*.yaml"))
NEW = kkpham_rules.get_regulation("22/2021")
COHORT = synthetic_cohort(NEW, regions=60, seed=3)


def test_synthetic_cohort_is_reproducible_and_marked() -> None:
    again = synthetic_cohort(NEW, regions=60, seed=3)
    assert again == COHORT
    assert synthetic_cohort(NEW, regions=60, seed=4) != COHORT
    assert all("(SINTETIS)" in s.region.name for s in COHORT)
    assert len({s.region.code for s in synthetic_cohort(NEW)}) == 514


def test_simulation_fast_equals_exact_and_adds_up() -> None:
    variants = [load_variant(path) for path in VARIANTS]
    fast = simulate(COHORT, NEW, variants)
    exact = simulate(COHORT, NEW, variants, fast=False)
    for a, b in zip(fast.variants, exact.variants, strict=True):
        assert a.scores.regions == b.scores.regions
        assert a.transitions == b.transitions
    assert fast.base.regions == exact.base.regions
    for outcome in fast.variants:
        assert sum(sum(row.values()) for row in outcome.transitions.values()) == 60
        moved = sum(
            n for base, row in outcome.transitions.items() for cat, n in row.items() if cat != base
        )
        assert moved == len(outcome.movers)
    drop = next(v for v in fast.variants if v.lineage["variant"] == "drop-indicator")
    assert drop.scores.ignored_values == 60  # each region's keberagaman shares set aside
    bound = next(v for v in fast.variants if v.lineage["variant"] == "bound-80")
    assert all(Mover.variant_category == "cukup-peduli-ham" for Mover in bound.movers)
    assert all(delta == "0" or delta == "0.00" for delta in bound.deltas)


def test_executors_give_the_same_result() -> None:
    variants = [load_variant(path) for path in VARIANTS]
    plain = simulate(COHORT, NEW, variants)
    with ThreadPoolExecutor(2) as pool:
        assert simulate(COHORT, NEW, variants, executor=pool, chunk=1) == plain
    with ProcessPoolExecutor(2) as pool:
        assert simulate(COHORT, NEW, variants, executor=pool, chunk=2) == plain


def test_dask_local_cluster_runs_the_same_sweep() -> None:
    distributed = pytest.importorskip("distributed", reason="needs the [dask] extra")
    variants = [load_variant(path) for path in VARIANTS]
    plain = simulate(COHORT, NEW, variants)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert simulate(COHORT, NEW, variants, executor=client.get_executor(), chunk=1) == plain


def test_progress_is_reported() -> None:
    seen: list[tuple[int, int]] = []
    simulate(
        COHORT,
        NEW,
        [load_variant(path) for path in VARIANTS],
        chunk=1,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_variant_of_another_base_is_refused() -> None:
    old = kkpham_rules.get_regulation("34/2016")
    with pytest.raises(VariantError, match="do not fit the base") as caught:
        simulate(synthetic_cohort(old, 5), old, [load_variant(VARIANTS[0])])
    [problem] = caught.value.problems
    assert (problem.code, problem.pointer) == ("wrong_base", "/0/base")
    assert (problem.received, problem.expected) == (NEW.id, old.id)
    # the sentence in Indonesian names both, with no English inside it
    assert render(problem, "id") == (
        "varian ini dibuat untuk peraturan permenkumham-22-2021, bukan untuk peraturan dasar "
        "simulasi ini (permenkumham-34-2016); pilih permenkumham-22-2021 sebagai peraturan "
        "dasar, atau pakai varian yang dibuat untuk permenkumham-34-2016"
    )
    assert render(problem, "en").startswith(problem.message + "; make permenkumham-22-2021")


def test_variant_of_another_revision_is_refused_naming_the_revisions() -> None:
    variant = load_variant(VARIANTS[0])
    earlier = attrs.evolve(NEW, revision=NEW.revision - 1, notes=("an earlier revision",))
    with pytest.raises(VariantError) as caught:
        simulate(synthetic_cohort(earlier, 5), earlier, [variant])
    [problem] = caught.value.problems
    assert (problem.received, problem.expected) == (
        f"{NEW.id}@{NEW.revision}",
        f"{NEW.id}@{NEW.revision - 1}",
    )


def typo_cohort() -> list[kkpham_rules.Submission]:
    """Three synthetic submissions, the second with a misspelt right."""
    cohort = synthetic_cohort(NEW, regions=3, seed=1)
    data = cohort[1].model_dump(mode="json", by_alias=True, exclude_none=True)
    data["dimensions"]["kesehatann"] = data["dimensions"].pop("kesehatan")
    return [cohort[0], kkpham_rules.parse_submission(data), cohort[2]]


def test_simulation_refuses_ids_the_base_does_not_know() -> None:
    """Regression: simulate and sensitivity refuse a right the base does not know, by place."""
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        simulate(typo_cohort(), NEW, [])
    assert [p.pointer for p in caught.value.problems] == ["/1/dimensions/kesehatann"]
    with pytest.raises(kkpham_rules.SubmissionError):
        sensitivity(typo_cohort(), NEW, samples=5)


def test_evaluate_cohort_distribution() -> None:
    scores = evaluate_cohort(COHORT, NEW)
    assert scores.distribution.count == 60
    assert sum(scores.distribution.categories.values()) == 60
    assert scores.distribution.minimum <= scores.distribution.median <= scores.distribution.maximum


def test_cohort_files(tmp_path: Path) -> None:
    lines = [
        json.dumps(s.model_dump(mode="json", by_alias=True, exclude_none=True)) for s in COHORT[:3]
    ]
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join([*lines, "", '{"region": {"code": "bad"}}']) + "\n")
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        load_cohort(path)
    places = {(p.pointer, p.location) for p in caught.value.problems}
    assert ("/3/region/code", "line 5") in places  # the 4th record, after a blank line
    path.write_text("\n".join(lines) + "\n")
    assert load_cohort(path) == COHORT[:3]
    folder = tmp_path / "folder"
    folder.mkdir()
    for n, line in enumerate(lines):
        (folder / f"{n}.json").write_text(line)
    assert load_cohort(folder) == COHORT[:3]


def row(right: str, struktur: object, proses: object, hasil: object) -> dict[str, object]:
    """One row of a table of shares (a CSV line, a DataFrame record) for Kota Palu, 2022."""
    return {
        "region_code": "72.71",
        "region_name": "Kota Palu",
        "assessment_year": 2022,
        "right": right,
        "struktur": struktur,
        "proses": proses,
        "hasil": hasil,
    }


def test_rows_layout() -> None:
    rows = [row("kesehatan", "100", "90", ""), row("pendidikan", 100, 80, 70)]
    [submission] = from_rows(rows)
    assert submission.dimensions["kesehatan"].hasil is None
    assert str(submission.dimensions["pendidikan"].hasil) == "70"
    with pytest.raises(kkpham_rules.SubmissionError):
        from_rows([*rows, rows[0]])


def test_dataframe_rows_may_leave_a_share_empty() -> None:
    """Regression: a NaN share (an empty DataFrame cell) is a share not given."""
    [submission] = from_rows([row("kesehatan", 100.0, float("nan"), 80.0)])
    assert submission.dimensions["kesehatan"].proses is None


def test_sensitivity_is_reproducible() -> None:
    first = sensitivity(COHORT, NEW, samples=50, seed=5)
    assert sensitivity(COHORT, NEW, samples=50, seed=5) == first
    for region in first.regions:
        assert sum(float(p) for p in region.category_probability.values()) == pytest.approx(1)
        assert 1 <= region.rank_interval[0] <= region.rank_interval[1] <= 60
    assert first.parameters[0].parameter == "category_shift"


def test_charts_are_drawn(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="needs the [plot] extra")
    from kkpham_rules.files.charts import contribution_chart, sensitivity_chart, simulation_charts

    result = simulate(COHORT, NEW, [load_variant(path) for path in VARIANTS])
    files = simulation_charts(result, tmp_path)
    files += contribution_chart(kkpham_rules.evaluate(COHORT[0]), tmp_path / "contribution")
    files += sensitivity_chart(sensitivity(COHORT, NEW, samples=20), tmp_path / "sensitivity")
    assert len(files) == 12
    for file in files:
        assert file.stat().st_size > 2000
    assert files[0].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in files[1].read_bytes()


def test_region_rows_as_csv_and_workbook_hold_the_same_cells(tmp_path: Path) -> None:
    result = simulate(COHORT[:12], NEW, [load_variant(path) for path in VARIANTS[:2]])
    text = io.StringIO(newline="")
    write_regions_csv(result, text)
    write_regions_csv(result, tmp_path / "regions.csv")
    assert (tmp_path / "regions.csv").read_text(encoding="utf-8") == text.getvalue()
    rows = list(csv.reader(io.StringIO(text.getvalue())))
    assert rows[0] == list(REGIONS_CSV_COLUMNS)
    assert len(rows) == 1 + 2 * 12
    book = io.BytesIO()
    write_regions_xlsx(result, book)
    sheet = load_workbook(book).active
    assert sheet is not None
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == list(REGIONS_CSV_COLUMNS)
    numbers = {REGIONS_CSV_COLUMNS.index(c) for c in ("base_score", "variant_score", "delta")}
    for written, read in zip(rows[1:], cells[1:], strict=True):
        for column, (text_cell, cell) in enumerate(zip(written, read, strict=True)):
            if column in numbers:
                assert Decimal(str(cell)) == Decimal(text_cell)
            else:  # region codes such as 11.10 stay text
                assert cell == text_cell


def test_a_simulation_without_variants_writes_the_header_alone() -> None:
    book = io.BytesIO()
    write_regions_xlsx(simulate(COHORT[:3], NEW, []), book)
    sheet = load_workbook(book).active
    assert sheet is not None
    assert list(sheet.iter_rows(values_only=True)) == [REGIONS_CSV_COLUMNS]


@pytest.mark.parametrize("fast", [True, False])
def test_a_region_given_twice_is_refused_not_counted_twice(fast: bool) -> None:
    cohort = [*COHORT[:3], COHORT[1]]
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        simulate(cohort, NEW, [load_variant(VARIANTS[0])], fast=fast)
    [problem] = caught.value.problems
    region = COHORT[1].region
    assert (problem.code, problem.pointer) == ("repeated_region", "/3/region")
    assert problem.received == f"{region.name} ({region.code}), {COHORT[1].assessment_year}"
    assert render(problem, "id").endswith("hapus salinannya")


def test_synthetic_rounds_reuse_codes_under_other_names_and_are_not_repeats() -> None:
    large = synthetic_cohort(NEW, regions=3800, seed=1)
    assert len({s.region.code for s in large}) < len(large)  # codes do repeat
    assert simulate(large, NEW, [load_variant(VARIANTS[0])]).regions == 3800

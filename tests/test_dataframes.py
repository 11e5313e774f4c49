"""DataFrames of results: numeric and boolean columns, ids as text, floats of the exact JSON."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import kkpham_rules
from kkpham_rules.errors import InputError, RegulationNotFoundError
from kkpham_rules.files.export import DataFrameUnavailableError, to_dataframe
from kkpham_rules.model import Regulation
from kkpham_rules.policy.sensitivity import Sensitivity, sensitivity
from kkpham_rules.policy.simulate import (
    REGIONS_CSV_COLUMNS,
    CohortScores,
    Simulation,
    evaluate_cohort,
    simulate,
    write_regions_csv,
)
from kkpham_rules.policy.synth import synthetic_cohort
from kkpham_rules.policy.variants import Variant, load_variant
from kkpham_rules.result import Evaluation

ROOT = Path(__file__).parent.parent
NEW = kkpham_rules.get_regulation("22/2021")
OLD = kkpham_rules.get_regulation("34/2016")
COHORT = synthetic_cohort(NEW, regions=12, seed=7)
BOUND_80 = load_variant(ROOT / "examples" / "variants" / "bound-80.yaml")


def exact(text: str) -> float:
    """The float a DataFrame must hold for an exact decimal string of the JSON."""
    return float(Decimal(text))


def kinds(frame: pd.DataFrame) -> dict[str, str]:
    """Each column's kind: text, float, int, optional_int or bool."""

    def kind(series: pd.Series) -> str:
        dtype = series.dtype
        if dtype == "bool":
            return "bool"
        if dtype == "float64":
            return "float"
        if dtype == "int64":
            return "int"
        if dtype == "Int64":
            return "optional_int"
        assert pd.api.types.is_string_dtype(dtype), (series.name, dtype)
        assert all(isinstance(value, str) for value in series), series.name
        return "text"

    return {str(column): kind(frame[column]) for column in frame.columns}


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    # a region code that reads as a number: it must stay "11.10", not become 11.1
    data = json.loads((ROOT / "examples" / "kota-contoh-2022.json").read_text(encoding="utf-8"))
    data["region"]["code"] = "11.10"
    return kkpham_rules.evaluate(data)


REGION_KINDS = {
    "region_code": "text",
    "region_name": "text",
    "assessment_year": "int",
    "regulation": "text",
    "regulation_revision": "int",
}
RESULT_KINDS = {
    "total_score": "float",
    "category": "text",
    "category_label": "text",
    "awarded": "bool",
}


def test_an_evaluation_by_right(evaluation: Evaluation) -> None:
    frame = evaluation.to_dataframe()
    assert kinds(frame) == {
        **REGION_KINDS,
        "right": "text",
        "right_name": "text",
        "weight": "float",
        "score": "float",
        "max_score": "float",
        "struktur_points": "float",
        "proses_points": "float",
        "hasil_points": "float",
        **RESULT_KINDS,
    }
    assert len(frame) == len(evaluation.rights) == 10
    assert set(frame["region_code"]) == {"11.10"}
    assert set(frame["total_score"]) == {exact(evaluation.total_score)}
    assert set(frame["awarded"]) == {evaluation.category.awarded}
    for row, right in zip(frame.to_dict("records"), evaluation.rights, strict=True):
        assert row["right"] == right.id
        assert row["right_name"] == right.name_id
        assert row["score"] == exact(right.score)
        assert row["weight"] == exact(right.weight)
        assert row["max_score"] == exact(right.max_score)
        for dimension in right.dimensions:
            assert row[f"{dimension.dimension}_points"] == exact(dimension.points_earned)
    english = evaluation.to_dataframe(lang="en")
    assert list(english["right_name"]) == [right.name_en for right in evaluation.rights]
    assert set(english["category_label"]) == {evaluation.category.label_en}


def test_an_evaluation_by_dimension(evaluation: Evaluation) -> None:
    frame = evaluation.to_dataframe("dimensions")
    assert kinds(frame) == {
        **REGION_KINDS,
        "right": "text",
        "right_name": "text",
        "dimension": "text",
        "source": "text",
        "achievement_percent": "float",
        "points_available": "float",
        "points_earned": "float",
        "indicators_declared": "optional_int",
        "indicators_encoded": "int",
        "indicators_unencoded": "int",
        "indicators_missing": "int",
        **RESULT_KINDS,
    }
    cells = [(r, d) for r in evaluation.rights for d in r.dimensions]
    assert len(frame) == len(cells) == 30
    for row, (right, dimension) in zip(frame.to_dict("records"), cells, strict=True):
        assert (row["right"], row["dimension"]) == (right.id, dimension.dimension)
        assert row["achievement_percent"] == exact(dimension.achievement_percent)
        assert row["points_available"] == exact(dimension.points_available)
        assert row["points_earned"] == exact(dimension.points_earned)
        assert row["indicators_missing"] == len(dimension.indicators_missing)
        assert row["indicators_declared"] == dimension.indicators_declared  # None: <NA>


def test_an_evaluation_with_declared_indicator_counts(all_rules: Regulation) -> None:
    # the synthetic regulation declares each dimension's indicators: counts, not <NA>
    evaluation = kkpham_rules.evaluate(synthetic_cohort(all_rules, regions=1)[0], all_rules)
    frame = evaluation.to_dataframe("dimensions")
    cells = [d for r in evaluation.rights for d in r.dimensions]
    column = frame["indicators_declared"]
    assert column.dtype == "Int64"
    assert not column.isna().any()
    assert column.tolist() == [d.indicators_declared for d in cells]
    assert frame["indicators_encoded"].tolist() == [d.indicators_encoded for d in cells]
    assert set(frame["source"]) == {d.source for d in cells}


def test_an_evaluation_summary(evaluation: Evaluation) -> None:
    frame = evaluation.to_dataframe("summary")
    assert len(frame) == 1
    row = frame.to_dict("records")[0]
    assert row["region_code"] == "11.10"
    assert row["total_score"] == exact(evaluation.total_score) == 81.22
    assert row["awarded"] is evaluation.category.awarded is True
    assert row["warnings"] == len(evaluation.warnings)
    for right in evaluation.rights:
        assert row[f"right:{right.id}"] == exact(right.score)
    assert kinds(frame)["right:kesehatan"] == "float"
    assert kinds(frame)["warnings"] == "int"
    # the exact figure stays in the JSON
    assert json.loads(evaluation.to_json())["total_score"] == "81.22"


def test_an_unknown_level(evaluation: Evaluation) -> None:
    with pytest.raises(InputError) as raised:
        evaluation.to_dataframe("indicators")  # type: ignore[arg-type]  # refused on purpose
    assert raised.value.problems[0].code == "bad_option"


def test_many_evaluations_of_two_regulations() -> None:
    old = kkpham_rules.evaluate(
        {
            "region": {"code": "16.71", "name": "Kota Lama"},
            "assessment_year": 2019,
            "dimensions": {r.id: {"struktur": 90, "proses": 80, "hasil": 70} for r in OLD.rights},
        },
        OLD,
    )
    new = kkpham_rules.evaluate(COHORT[0], NEW)
    summary = to_dataframe([old, new], "en")
    assert len(summary) == 2
    assert kinds(summary)["assessment_year"] == "int"
    # a right only one regulation has is NaN for the other's row, and the column stays float
    only_new = sorted({r.id for r in NEW.rights} - {r.id for r in OLD.rights})
    assert only_new
    column = summary[f"right:{only_new[0]}"]
    assert column.dtype == "float64"
    assert column.isna().tolist() == [True, False]
    rights = to_dataframe([old, new], level="rights")
    assert len(rights) == len(OLD.rights) + len(NEW.rights)
    assert list(rights["regulation"].unique()) == [OLD.id, NEW.id]
    dimensions = to_dataframe([old, new], level="dimensions")
    assert len(dimensions) == 3 * len(rights)
    assert to_dataframe([], level="rights").empty


def test_cohort_scores() -> None:
    scores = evaluate_cohort(COHORT, NEW)
    frame = scores.to_dataframe()
    assert kinds(frame) == {
        "region_code": "text",
        "region_name": "text",
        "total_score": "float",
        "category": "text",
        "awarded": "bool",
    }
    assert len(frame) == len(COHORT)
    awarded = {c.code for c in NEW.categories if c.awarded}
    for row, region in zip(frame.to_dict("records"), scores.regions, strict=True):
        assert row["region_code"] == region.region_code
        assert row["total_score"] == exact(region.total_score)
        assert row["category"] == region.category
        assert row["awarded"] == (region.category in awarded)
    assert frame.equals(scores.to_dataframe(NEW))
    assert frame.equals(scores.to_dataframe("22/2021"))


def test_cohort_scores_need_the_regulation_they_were_scored_under() -> None:
    scores = simulate(COHORT, NEW, [BOUND_80]).variants[0].scores
    with pytest.raises(RegulationNotFoundError, match=r"variant\.regulation"):
        scores.to_dataframe()  # a variant is not installed
    frame = scores.to_dataframe(BOUND_80.regulation)
    assert len(frame) == len(COHORT)
    assert frame.equals(scores.to_dataframe(NEW))  # a variant keeps its base's categories
    # a category the regulation does not have: the scores were made under another
    first, *rest = scores.regions
    foreign = scores.model_copy(
        update={"regions": (first.model_copy(update={"category": "sangat-peduli"}), *rest)}
    )
    with pytest.raises(InputError) as raised:
        foreign.to_dataframe(NEW)
    assert [(p.code, p.received) for p in raised.value.problems] == [
        ("wrong_regulation", "sangat-peduli")
    ]


def test_a_region_code_that_reads_as_a_number_stays_text() -> None:
    scores = CohortScores.model_validate(
        evaluate_cohort(COHORT[:2], NEW).model_dump()
        | {
            "regions": [
                {
                    "region_code": "11.10",
                    "region_name": "Kab. Contoh",
                    "total_score": "75.00",
                    "category": "peduli-ham",
                },
                {
                    "region_code": "11.01",
                    "region_name": "Kab. Lain",
                    "total_score": "74.99",
                    "category": "cukup-peduli-ham",
                },
            ]
        }
    )
    frame = scores.to_dataframe()
    assert list(frame["region_code"]) == ["11.10", "11.01"]
    assert list(frame["total_score"]) == [75.0, 74.99]
    assert list(frame["awarded"]) == [True, False]


def simulation_with(variants: list[Variant]) -> Simulation:
    return simulate(COHORT, NEW, variants)


def test_simulation_is_regions_csv_typed(tmp_path: Path) -> None:
    variants = [
        load_variant(path) for path in sorted((ROOT / "examples" / "variants").glob("*.yaml"))
    ]
    simulation = simulation_with(variants)
    frame = simulation.to_dataframe()
    assert list(frame.columns) == list(REGIONS_CSV_COLUMNS)
    assert kinds(frame) == {
        "variant": "text",
        "region_code": "text",
        "region_name": "text",
        "base_score": "float",
        "base_category": "text",
        "variant_score": "float",
        "variant_category": "text",
        "delta": "float",
        "changed": "bool",
    }
    assert len(frame) == len(variants) * len(COHORT)
    write_regions_csv(simulation, tmp_path / "regions.csv")
    with (tmp_path / "regions.csv").open(encoding="utf-8", newline="") as stream:
        written = list(csv.DictReader(stream))
    numbers = {"base_score", "variant_score", "delta"}
    for row, line in zip(frame.to_dict("records"), written, strict=True):
        for column in REGIONS_CSV_COLUMNS:
            if column in numbers:
                assert row[column] == exact(line[column]), column
            elif column == "changed":
                assert row[column] == (line[column] == "true")
            else:
                assert row[column] == line[column], column
    assert int(frame["changed"].sum()) == sum(len(o.movers) for o in simulation.variants)


def test_a_simulation_without_variants_has_the_columns_and_no_row() -> None:
    frame = simulation_with([]).to_dataframe()
    assert frame.empty
    assert list(frame.columns) == list(REGIONS_CSV_COLUMNS)
    assert frame["delta"].dtype == "float64"
    assert frame["changed"].dtype == "bool"


@pytest.fixture(scope="module")
def sensed() -> Sensitivity:
    return sensitivity(COHORT, NEW, samples=200, seed=3, spread=0.3)


def test_sensitivity(sensed: Sensitivity) -> None:
    frame = sensed.to_dataframe()
    best_first = [c.code for c in sorted(NEW.categories, key=lambda c: c.lower, reverse=True)]
    assert kinds(frame) == {
        "region_code": "text",
        "region_name": "text",
        "base_category": "text",
        **{f"probability:{code}": "float" for code in best_first},
        "rank_low": "int",
        "rank_high": "int",
    }
    assert len(frame) == len(COHORT)
    for row, region in zip(frame.to_dict("records"), sensed.regions, strict=True):
        assert row["region_code"] == region.region_code
        assert row["base_category"] == region.base_category
        for code in best_first:
            expected = region.category_probability.get(code)
            assert row[f"probability:{code}"] == (0.0 if expected is None else exact(expected))
        assert (row["rank_low"], row["rank_high"]) == region.rank_interval
    assert frame.equals(sensed.to_dataframe(NEW))
    # the probabilities of a region add up to 1, up to the floats' rounding
    columns = [f"probability:{code}" for code in best_first]
    assert frame[columns].sum(axis=1).tolist() == pytest.approx([1.0] * len(COHORT))


def test_sensitivity_of_an_unknown_regulation(sensed: Sensitivity) -> None:
    renamed = sensed.model_copy(update={"regulation": "not-installed"})
    with pytest.raises(RegulationNotFoundError):
        renamed.to_dataframe()
    assert renamed.to_dataframe(NEW).equals(sensed.to_dataframe())


RESULTS: dict[str, Callable[[], Any]] = {
    "evaluation": lambda: kkpham_rules.evaluate(COHORT[0], NEW).to_dataframe(),
    "evaluation dimensions": lambda: kkpham_rules.evaluate(COHORT[0], NEW).to_dataframe(
        "dimensions"
    ),
    "evaluation summary": lambda: kkpham_rules.evaluate(COHORT[0], NEW).to_dataframe("summary"),
    "export": lambda: to_dataframe([kkpham_rules.evaluate(COHORT[0], NEW)]),
    "cohort": lambda: evaluate_cohort(COHORT, NEW).to_dataframe(),
    "simulation": lambda: simulation_with([BOUND_80]).to_dataframe(),
    "sensitivity": lambda: sensitivity(COHORT, NEW, samples=10).to_dataframe(),
}


@pytest.mark.parametrize("make", RESULTS.values(), ids=RESULTS.keys())
def test_without_pandas(make: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(DataFrameUnavailableError, match=r"pip install 'kkpham-rules\[dataframe\]'"):
        make()

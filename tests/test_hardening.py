"""Regressions from review: hostile sizes, variants, partial catalogues, name clashes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import attrs
import pytest

import kkpham_rules
from kkpham_rules.describe import describe_regulation
from kkpham_rules.documents import read_yaml
from kkpham_rules.errors import PluginError
from kkpham_rules.loader import regulation_from_data
from kkpham_rules.registry import Registry

from .test_cli import KKPHAM, run

DATA = Path(__file__).parent / "data"
BASE = {"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022}


def all_rules_data() -> dict[str, Any]:
    data = read_yaml((DATA / "all-rules.yaml").read_bytes())
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    "text",
    [
        b'{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022,'
        b' "dimensions": {"kesehatan": {"hasil": 1e-99999999}}}',
        b'{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022,'
        b' "dimensions": {"kesehatan": {"hasil": ' + b"9" * 5000 + b"}}}",
        b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["tiny-exponent", "5000-digit-integer", "deep-nesting"],
)
def test_hostile_numbers_and_nesting_exit_2_quickly(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(text)
    result = subprocess.run(
        [KKPHAM, "evaluate", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert json.loads(result.stderr)["problems"]


def test_huge_indicator_value_is_rejected(test_registry: Registry) -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate(
            {
                **BASE,
                "assessment_year": 2095,
                "regulation": "test-all-rules",
                "indicators": {"alpha.kematian": "1" + "0" * 30, "alpha.anggaran": "1e2"},
            },
            registry=test_registry,
        )
    messages = [p.message for p in caught.value.problems]
    assert any("at most 40 digits" in m or "digits" in m for m in messages)
    assert len(messages) == 2


def test_oversized_file_is_refused_without_reading_it_all() -> None:
    result = run("evaluate", "/dev/zero", "--json")
    assert result.returncode == 2
    assert json.loads(result.stderr)["problems"][0]["code"] == "too_large"


def test_closed_pipe_is_not_a_traceback() -> None:
    examples = [str(p) for p in sorted((Path(__file__).parent.parent / "examples").glob("*.json"))]
    # output far larger than a pipe buffer, so writing fails once the reader is gone
    with subprocess.Popen(
        [KKPHAM, "compare", *examples * 3, "--regulations", "34/2016,22/2021", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # like `| head -c 10`
        error = process.stderr.read().decode()
        status = process.wait(timeout=30)
    assert "Traceback" not in error
    assert status == 0


def test_usage_errors_are_json_with_json() -> None:
    result = run("evaluate", "--json")
    assert result.returncode == 2
    assert json.loads(result.stderr)["error"] == "usage"


def test_a_variant_has_its_own_hash_and_keeps_invariants() -> None:
    official = kkpham_rules.get_regulation("34/2016")
    peduli, cukup, *rest = official.categories
    variant = attrs.evolve(
        official,
        categories=(attrs.evolve(peduli, lower=80), attrs.evolve(cukup, upper=80), *rest),
    )
    assert variant.content_hash != official.content_hash
    submission = {
        **BASE,
        "assessment_year": 2019,
        "dimensions": {
            r.id: {"struktur": 100, "proses": 100, "hasil": 60} for r in official.rights
        },
    }
    assert kkpham_rules.evaluate(submission, official).category.code == "peduli-ham"
    evaluation = kkpham_rules.evaluate(submission, variant)
    assert evaluation.category.code == "cukup-peduli-ham"
    assert evaluation.provenance.regulation_hash == variant.content_hash
    with pytest.raises(PluginError):
        attrs.evolve(official, categories=(attrs.evolve(peduli, lower=80), cukup, *rest))


def test_unencoded_indicators_count_as_not_met(all_rules: kkpham_rules.Regulation) -> None:
    alpha = all_rules.right("alpha")
    assert alpha is not None
    counts = tuple(
        (d, 4 if d is kkpham_rules.Dimension.STRUKTUR else n) for d, n in alpha.declared_counts
    )
    partial = attrs.evolve(
        all_rules,
        rights=(attrs.evolve(alpha, declared_counts=counts), *all_rules.rights[1:]),
    )
    evaluation = kkpham_rules.evaluate(
        {**BASE, "assessment_year": 2095, "indicators": {"alpha.perda": True}},
        partial,
        registry=Registry.from_regulations([partial]),
    )
    struktur = evaluation.right("alpha").dimensions[0]
    assert struktur.points_earned == "2.500000"  # 1 of 4 declared indicators met
    assert struktur.indicators_unencoded == 3
    assert "unencoded_indicators" in [w.code for w in evaluation.warnings]


def test_an_alias_cannot_take_over_another_regulations_name(
    all_rules: kkpham_rules.Regulation,
) -> None:
    impostor = attrs.evolve(all_rules, aliases=("22/2021",))
    registry = Registry.from_regulations([*kkpham_rules.available_regulations(), impostor])
    assert registry.get("22/2021").id == "permenkumham-22-2021"
    assert registry.in_force(2022).id == "permenkumham-22-2021"
    [problem] = registry.problems
    assert problem.plugin == "test-all-rules"
    assert problem.problems[0].pointer == "/aliases/0"


def test_problems_say_what_was_expected() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate({**BASE, "dimensions": {"kesehatan": {"hasil": 120}}})
    [problem] = caught.value.problems
    assert (problem.expected, problem.received) == ("<= 100", "120")


def test_description_writes_decimals_not_fractions() -> None:
    data = all_rules_data()
    data["indicators"][1]["weight"] = "0.5"
    data["categories"][0]["lower"] = "62.5"
    data["categories"][1]["upper"] = "62.5"
    described = describe_regulation(regulation_from_data(data, "t"))
    assert described["indicators"][1]["weight"] == "0.5"
    assert described["categories"][0]["lower"] == "62.5"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["indicators"][5]["rule"].update(
                gaps=[{"lower": 60, "upper": 70, "lower_inclusive": True, "upper_inclusive": True}]
            ),
            "not a hole",
        ),
        (lambda d: d["indicators"][5]["rule"]["bands"][2].update(lower=-50), "outside the values"),
        (
            lambda d: (d["categories"][0].update(lower=150), d["categories"][1].update(upper=150)),
            "above the highest possible score",
        ),
    ],
    ids=["gap-over-a-band", "band-below-zero", "unreachable-top-category"],
)
def test_loader_refuses_data_that_cannot_work(change: Any, message: str) -> None:
    data = all_rules_data()
    change(data)
    with pytest.raises(PluginError) as caught:
        regulation_from_data(data, "t")
    assert any(message in p.message for p in caught.value.problems), caught.value.problems


def test_api_type_errors() -> None:
    with pytest.raises(TypeError):
        kkpham_rules.regulation_in_force("2022")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        kkpham_rules.get_regulation(None)  # type: ignore[arg-type]


def test_submission_naming_an_unknown_regulation_is_overridden_by_the_caller() -> None:
    evaluation = kkpham_rules.evaluate({**BASE, "regulation": "nope"}, "22/2021")
    assert evaluation.warnings[0].code == "regulation_overridden"

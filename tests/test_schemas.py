"""The published JSON Schemas match the models and accept what the library reads and writes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import kkpham_rules
from kkpham_rules._documents import read_yaml
from kkpham_rules.schemas import generate_schemas, schema_text

ROOT = Path(__file__).parent.parent
SCHEMAS = ROOT / "schemas"


def schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("name", sorted(generate_schemas()))
def test_checked_in_schema_equals_generated(name: str) -> None:
    generated = schema_text(generate_schemas()[name])
    assert (SCHEMAS / name).read_text(encoding="utf-8") == generated, (
        f"schemas/{name} is stale: run `python -m kkpham_rules.schemas schemas/`"
    )


@pytest.mark.parametrize("name", sorted(generate_schemas()))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize(
    "example", sorted((ROOT / "examples").glob("*.json")), ids=lambda p: p.name
)
def test_examples_validate_against_submission_schema(example: Path) -> None:
    jsonschema.validate(json.loads(example.read_text()), schema("submission.schema.json"))


def test_submission_schema_rejects_what_the_model_rejects() -> None:
    validator = jsonschema.Draft202012Validator(schema("submission.schema.json"))
    bad = {
        "region": {"code": "7271", "name": "X"},
        "assessment_year": 2022,
        "dimensions": {"kesehatan": {"hasil": 101}},
        "extra": 1,
    }
    paths = sorted("/" + "/".join(map(str, e.absolute_path)) for e in validator.iter_errors(bad))
    assert paths == ["/", "/dimensions/kesehatan/hasil", "/region/code"]


def test_crosswalks_validate_against_crosswalk_schema() -> None:
    validator = jsonschema.Draft202012Validator(schema("crosswalk.schema.json"))
    files = sorted((ROOT / "regulations").glob("*/crosswalks/*.yaml"))
    assert files
    for file in files:
        data = json.loads(json.dumps(read_yaml(file.read_bytes()), default=str))
        assert list(validator.iter_errors(data)) == []


def test_records_and_comparisons_validate_against_their_schemas() -> None:
    record = json.loads(next((ROOT / "tests" / "golden" / "records").glob("*.json")).read_text())
    jsonschema.validate(record, schema("audit-record.schema.json"))
    example = json.loads((ROOT / "examples" / "kota-contoh-2022.json").read_text())
    comparison = kkpham_rules.compare(example, ["34/2016", "22/2021"])
    jsonschema.validate(json.loads(comparison.to_json()), schema("comparison.schema.json"))


def test_variants_and_simulations_validate_against_their_schemas() -> None:
    from kkpham_rules.policy.simulate import simulate
    from kkpham_rules.policy.synth import synthetic_cohort

    validator = jsonschema.Draft202012Validator(schema("variant.schema.json"))
    files = sorted((ROOT / "examples" / "variants").glob("*.yaml"))
    for file in files:
        data = json.loads(json.dumps(read_yaml(file.read_bytes()), default=str))
        assert list(validator.iter_errors(data)) == []
    result = simulate(
        synthetic_cohort(kkpham_rules.get_regulation("22/2021"), 10), "22/2021", files
    )
    jsonschema.validate(json.loads(result.to_json()), schema("simulation.schema.json"))


def test_evaluations_validate_against_evaluation_schema() -> None:
    example = json.loads((ROOT / "examples" / "kota-contoh-2022.json").read_text())
    evaluation = kkpham_rules.evaluate(example)
    jsonschema.validate(json.loads(evaluation.to_json()), schema("evaluation.schema.json"))


def test_plugin_data_validates_against_regulation_schema() -> None:
    validator = jsonschema.Draft202012Validator(schema("regulation.schema.json"))
    files = [
        *sorted((ROOT / "regulations").glob("*/revisions/*.yaml")),
        *sorted((ROOT / "examples" / "plugins").glob("*/*/revisions/*.yaml")),
        ROOT / "tests" / "data" / "all-rules.yaml",
    ]
    assert len(files) == 6  # two revisions of each shipped regulation, 25/2013, all-rules
    for file in files:
        # JSON Schema sees JSON: dates and decimals as the canonical JSON form has them
        data = json.loads(json.dumps(read_yaml(file.read_bytes()), default=str))
        errors = list(validator.iter_errors(data))
        assert errors == [], f"{file}: {errors[0].message if errors else ''}"

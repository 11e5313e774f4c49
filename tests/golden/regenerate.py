"""Write the golden audit records from the shipped worked cases and examples.

Run deliberately (``python tests/golden/regenerate.py``) when a change is meant
to alter results or the record format, and say so in the changelog; the golden
test fails on any other change.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import kkpham_rules
from kkpham_rules._documents import read_yaml
from kkpham_rules.audit import make_record

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def sources() -> dict[str, object]:
    """Return name -> submission for every golden record."""
    found: dict[str, object] = {}
    for regulation in kkpham_rules.available_regulations():
        if not regulation.id.startswith("permenkumham-"):
            continue
        for case in sorted(
            resources.files(regulation.plugin).joinpath("cases").iterdir(),
            key=lambda entry: entry.name,
        ):
            if case.name.endswith(".yaml"):
                data = read_yaml(case.read_bytes())
                found[f"{regulation.id}--{case.name.removesuffix('.yaml')}"] = data["submission"]
    for example in sorted((ROOT / "examples").glob("*.json")):
        found[f"example--{example.stem}"] = kkpham_rules.load_submission(example.read_bytes())
    return found


def main() -> None:
    target = HERE / "records"
    for old in target.glob("*.json"):
        old.unlink()
    for name, submission in sources().items():
        evaluation = kkpham_rules.evaluate(submission)  # type: ignore[arg-type]
        record = make_record(submission, evaluation)  # type: ignore[arg-type]
        (target / f"{name}.json").write_text(record.to_json(), encoding="utf-8")
    print(json.dumps(sorted(p.name for p in target.glob("*.json")), indent=2))


if __name__ == "__main__":
    main()

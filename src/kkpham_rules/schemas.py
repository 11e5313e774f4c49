"""The published JSON Schemas, generated from the pydantic models.

``schemas/`` in the repository holds these files for apps in other languages;
beside them is ``openapi.json``, the HTTP service's OpenAPI document
(:func:`generate_openapi`); a test keeps them equal to what the models
generate. Regenerate with::

    python -m kkpham_rules.schemas schemas/
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ._safe_yaml import MAX_BYTES
from .audit import AuditRecord
from .policy.simulate import Simulation
from .policy.variants import VariantDocument
from .regulation_data import RegulationDocument
from .result import Evaluation
from .submission import Submission
from .versions.compare import Comparison
from .versions.crosswalk import CrosswalkDocument

__all__ = ["OPENAPI_FILE", "SCHEMA_MODELS", "generate_openapi", "generate_schemas", "schema_text"]

SCHEMA_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "submission.schema.json": (Submission, "validation"),
    "evaluation.schema.json": (Evaluation, "serialization"),
    "regulation.schema.json": (RegulationDocument, "validation"),
    "crosswalk.schema.json": (CrosswalkDocument, "validation"),
    "audit-record.schema.json": (AuditRecord, "validation"),
    "comparison.schema.json": (Comparison, "serialization"),
    "variant.schema.json": (VariantDocument, "validation"),
    "simulation.schema.json": (Simulation, "serialization"),
}
"""File name -> (model, mode): the input side of inputs, the output side of outputs."""


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Return every published schema by file name, as JSON-ready data."""
    schemas = {}
    for name, (model, mode) in SCHEMA_MODELS.items():
        body = model.model_json_schema(mode=mode, by_alias=True)  # type: ignore[arg-type]
        schemas[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:kkpham-rules:schema:{name.removesuffix('.schema.json')}:1",
            **body,
        }
    return schemas


OPENAPI_FILE = "openapi.json"
"""The file name of the HTTP service's OpenAPI document in ``schemas/``."""


def generate_openapi() -> dict[str, Any]:
    """Return the OpenAPI document of the HTTP service (:mod:`kkpham_rules.service`).

    It is not a JSON Schema, so it is not among :func:`generate_schemas`; it is
    written beside them. FastAPI is imported here, not at the top: the other
    schemas must stay writable without building the service.
    """
    from .service import create_app

    # a fixed app: the document must not depend on the environment it is written in
    fixed = create_app(
        max_body_bytes=MAX_BYTES,
        max_cohort_bytes=MAX_BYTES,
        max_regions=1,
        request_seconds=1,
        api_keys=(),
        cors_origins=(),
    )
    return fixed.openapi()


def schema_text(schema: dict[str, Any]) -> str:
    """Return a schema as the canonical text written to ``schemas/``."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every schema into the directory named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "schemas")
    target.mkdir(parents=True, exist_ok=True)
    for name, schema in generate_schemas().items():
        (target / name).write_text(schema_text(schema), encoding="utf-8")
    (target / OPENAPI_FILE).write_text(schema_text(generate_openapi()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the OpenAPI document says of the bodies the routes read and write themselves.

The routes read their bodies as raw bytes (so that the library's own readers
parse them) and write the library's bytes, so FastAPI cannot see their shape;
these fragments describe them, referring to the models' schemas, which
:func:`components` adds under ``#/components/schemas``.
"""

from __future__ import annotations

from typing import Any, Final

from .answers import PROBLEM_JSON, PROBLEM_SCHEMA, TITLES
from .jobs import NDJSON, XLSX

__all__ = [
    "AUDIT_RECORD_BODY",
    "COHORT_BODY",
    "SIMULATION_BODY",
    "SUBMISSION_BODY",
    "TEXT_CSV",
    "components",
    "json_response",
    "problem_responses",
    "ref",
]

TEXT_CSV: Final = "text/csv"
_JSON: Final = "application/json"
_BINARY: Final[dict[str, Any]] = {"type": "string", "format": "binary"}
_TEXT: Final[dict[str, Any]] = {"type": "string"}


def ref(name: str) -> dict[str, str]:
    """Return a reference to the component schema ``name``."""
    return {"$ref": f"#/components/schemas/{name}"}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the OpenAPI answers for error statuses: problem+json, each."""
    content = {PROBLEM_JSON: {"schema": ref("Problem")}}
    return {status: {"description": TITLES[status], "content": content} for status in statuses}


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Return a 200 answer of JSON with ``schema``."""
    return {"description": description, "content": {_JSON: {"schema": schema}}}


def _body(description: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description, "content": content}}


SUBMISSION_BODY: Final = _body("One submission.", {_JSON: {"schema": ref("Submission")}})
"""``POST /evaluate``: one submission, as JSON."""

COHORT_BODY: Final = _body(
    "Submissions: a JSON array (or one object), JSON Lines, a dimension-level CSV file or "
    "a workbook. The reader is chosen by Content-Type, else recognised from the content.",
    {
        _JSON: {
            "schema": {"oneOf": [ref("Submission"), {"type": "array", "items": ref("Submission")}]}
        },
        NDJSON: {"schema": _TEXT},
        "application/jsonl": {"schema": _TEXT},
        TEXT_CSV: {"schema": _TEXT},
        XLSX: {"schema": _BINARY},
        "application/yaml": {"schema": _TEXT},
    },
)
"""``POST /evaluate/cohort`` and ``POST /compare``: submissions in any format the reader reads."""

AUDIT_RECORD_BODY: Final = _body(
    "An audit record (kkpham evaluate --record).", {_JSON: {"schema": ref("AuditRecord")}}
)
"""``POST /verify``: one audit record."""

SIMULATION_BODY: Final = _body(
    "A cohort (a file, or a number of synthetic regions) and the variants to run over it.",
    {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "cohort": {
                        **_BINARY,
                        "description": "Submissions: CSV, XLSX, JSON Lines or a JSON array; "
                        "read by the file name's suffix, else the part's type, else the content.",
                    },
                    "synthetic": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 100000,
                        "description": "Instead of cohort: this many synthetic regions.",
                    },
                    "seed": {
                        "type": "integer",
                        "minimum": 0,
                        "default": 0,
                        "description": "The synthetic cohort's seed.",
                    },
                    "variant": {
                        "type": "array",
                        "items": _BINARY,
                        "description": "Variants (kkpham-variant/1), each YAML or JSON text; "
                        "a file or a plain field each.",
                    },
                    "regulation": {
                        "type": "string",
                        "description": "The base regulation; default: the variants' base, "
                        "else the one in force.",
                    },
                },
            },
            "encoding": {"variant": {"style": "form", "explode": True}},
        },
        _JSON: {"schema": ref("SimulationRequest")},
    },
)
"""``POST /simulate``: a form, or the same fields as JSON."""


def components() -> dict[str, Any]:
    """Return the component schemas: the models the service reads and writes, and Problem."""
    from ..archive.models import AddOutcome, History
    from ..audit import AuditRecord, Verification
    from ..policy.simulate import Simulation
    from ..policy.variants import VariantDocument
    from ..result import Evaluation
    from ..submission import Submission
    from ..versions.compare import Comparison
    from .forms import SimulationRequest

    models: tuple[tuple[Any, str], ...] = (
        (Submission, "validation"),
        (Evaluation, "serialization"),
        (Comparison, "serialization"),
        (AuditRecord, "validation"),
        (Verification, "serialization"),
        (Simulation, "serialization"),
        (VariantDocument, "validation"),
        (AddOutcome, "serialization"),
        (History, "serialization"),
    )
    found: dict[str, Any] = {"Problem": dict(PROBLEM_SCHEMA)}
    # the JSON request holds variants and submissions as plain objects, which the
    # library checks itself; the document names what they are
    request = SimulationRequest.model_json_schema(mode="validation")
    request["properties"]["variants"]["items"] = ref("VariantDocument")
    request["properties"]["cohort"]["anyOf"][0]["items"] = ref("Submission")
    found["SimulationRequest"] = request
    for model, mode in models:
        schema = model.model_json_schema(
            mode=mode, by_alias=True, ref_template="#/components/schemas/{model}"
        )
        for part, definition in {**schema.pop("$defs", {}), model.__name__: schema}.items():
            if found.setdefault(part, definition) != definition:
                raise RuntimeError(f"two different OpenAPI schemas are called {part}")
    return found

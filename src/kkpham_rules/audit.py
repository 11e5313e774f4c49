"""Self-contained audit records, and re-computing them: :func:`make_record`, :func:`verify`.

An audit record holds everything needed to re-compute a published score: the
submission (normalized JSON), the regulation id, revision and content hash, the
library version, the full evaluation with its trace, and a SHA-256 digest over
all of it. :func:`verify` re-evaluates the submission under the recorded
regulation revision and reports ``reproduced``, or exactly which numbers differ
and why. It fails closed: a record without a digest, or whose digest, input
hash or regulation hash does not match, is never reported as reproduced.

The digest detects changes to a record; it is not a signature and proves
nothing about who wrote it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import Field, ValidationError

from ._digest import canonical_digest
from ._documents import DocumentProblem, problems_from_validation, read_bounded, read_json
from ._models import Frozen
from ._version import __version__
from .engine import evaluate, input_hash
from .errors import KkphamError, RecordError, SubmissionError
from .model import Regulation
from .registry import Registry, default_registry
from .result import Evaluation
from .submission import Submission, parse_submission

__all__ = [
    "RECORD_FORMAT",
    "AuditRecord",
    "Check",
    "Difference",
    "RecordError",
    "RecordedRegulation",
    "Verification",
    "load_record",
    "make_record",
    "verify",
]

RECORD_FORMAT: Final = "kkpham-audit-record/1"
"""The version of the audit record format."""

MAX_RECORD_BYTES = 50 * 1024 * 1024
"""The largest audit record read, in bytes (records carry the full trace)."""


class RecordedRegulation(Frozen):
    """The exact regulation data a record was computed under."""

    id: str
    revision: int
    content_hash: str


class AuditRecord(Frozen):
    """A result with everything needed to re-compute and check it.

    ``digest`` is ``sha256:<hex>`` of the canonical JSON of every other field.
    """

    format: Literal["kkpham-audit-record/1"] = RECORD_FORMAT
    library: str
    library_version: str
    regulation: RecordedRegulation
    submission: dict[str, Any] = Field(description="The submission, normalized JSON.")
    evaluation: Evaluation
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")

    def to_json(self) -> str:
        """Return the record as deterministic JSON text."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


class Check(Frozen):
    """One check made while verifying a record."""

    name: Literal[
        "digest", "input_hash", "regulation_installed", "regulation_hash", "library", "result"
    ]
    passed: bool
    detail: str


class Difference(Frozen):
    """A figure that differs between the record and the re-computation."""

    pointer: str = Field(description="JSON pointer into the evaluation.")
    recorded: Any
    recomputed: Any


_Cause = Literal[
    "record_altered",
    "submission_altered",
    "regulation_missing",
    "regulation_changed",
    "library_changed",
    "result_differs",
]
"""Why a record is not reproduced."""


class Verification(Frozen):
    """The outcome of :func:`verify`."""

    status: Literal["reproduced", "not_reproduced"]
    causes: list[_Cause]
    checks: list[Check]
    differences: list[Difference]

    @property
    def reproduced(self) -> bool:
        """Return whether the record was re-computed exactly and every check passed."""
        return self.status == "reproduced"


def _raw_record(source: str | bytes | Path | Mapping[str, Any]) -> Any:
    """Return a record's JSON data exactly as written."""
    try:
        if isinstance(source, Path):
            source = read_bounded(source, MAX_RECORD_BYTES)
        if isinstance(source, str | bytes):
            return read_json(source, MAX_RECORD_BYTES)
    except DocumentProblem as error:
        raise RecordError("the record is not readable JSON", [error.problem]) from error
    return source


def _digest(fields: Mapping[str, Any]) -> str:
    body = {key: value for key, value in fields.items() if key != "digest"}
    return canonical_digest(body)


def _submission_json(submission: Submission) -> dict[str, Any]:
    data: dict[str, Any] = submission.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def make_record(submission: Submission | Mapping[str, Any], evaluation: Evaluation) -> AuditRecord:
    """Return the audit record of ``evaluation``, computed from ``submission``.

    Raises ``ValueError`` if the evaluation was not computed from this submission.
    """
    parsed = parse_submission(submission)
    if input_hash(parsed) != evaluation.provenance.input_hash:
        raise ValueError("the evaluation was not computed from this submission")
    fields: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "library": evaluation.provenance.library,
        "library_version": evaluation.provenance.library_version,
        "regulation": {
            "id": evaluation.regulation.id,
            "revision": evaluation.regulation.revision,
            "content_hash": evaluation.regulation.content_hash,
        },
        "submission": _submission_json(parsed),
        "evaluation": evaluation.model_dump(mode="json"),
    }
    return AuditRecord.model_validate({**fields, "digest": _digest(fields)})


def load_record(source: str | bytes | Path | Mapping[str, Any]) -> AuditRecord:
    """Return the audit record in a file, JSON text or parsed mapping.

    Raises :class:`RecordError` listing every problem (a missing digest included).
    """
    try:
        if isinstance(source, Path):
            source = read_bounded(source, MAX_RECORD_BYTES)
        if isinstance(source, str | bytes):
            source = read_json(source, MAX_RECORD_BYTES)
    except DocumentProblem as error:
        raise RecordError("the record is not readable JSON", [error.problem]) from error
    try:
        return AuditRecord.model_validate(source)
    except ValidationError as error:
        problems = problems_from_validation(error, source)
        raise RecordError(f"not an audit record ({len(problems)} problem(s))", problems) from error


def verify(
    record: AuditRecord | str | bytes | Path | Mapping[str, Any],
    *,
    registry: Registry | None = None,
) -> Verification:
    """Re-compute a record and report whether it is reproduced, and if not, why.

    ``reproduced`` means: the digest matches, the submission hashes to the
    recorded input hash, the recorded regulation revision is installed with the
    recorded content hash, and re-evaluation gives the recorded evaluation
    exactly (the library version aside, which is reported as a check).
    """
    raw: Any = None
    if not isinstance(record, AuditRecord):
        raw = _raw_record(record)
        record = load_record(raw)
    registry = registry or default_registry()
    recorded = record.model_dump(mode="json")
    outcome = _Outcome()
    outcome.add(_digest_check(record, raw, recorded), "record_altered")
    try:
        submission = parse_submission(record.submission)
    except SubmissionError as error:
        return outcome.stop(_invalid_submission_check(error), "submission_altered")
    input_ok = outcome.add(_input_hash_check(record, submission), "submission_altered")
    # a library version other than the record's is reported, but is not by itself a cause
    library_ok = outcome.add(_library_check(record), None)
    try:
        regulation = registry.get(record.regulation.id, record.regulation.revision)
    except KkphamError as error:
        failed = Check(name="regulation_installed", passed=False, detail=str(error))
        return outcome.stop(failed, "regulation_missing")
    installed = f"{regulation.id} revision {regulation.revision}"
    outcome.add(Check(name="regulation_installed", passed=True, detail=installed), None)
    hash_ok = outcome.add(_regulation_hash_check(record, regulation), "regulation_changed")
    try:
        again = _reevaluate(record, submission, regulation, registry)
    except KkphamError as error:
        failed = Check(name="result", passed=False, detail=f"re-evaluation failed: {error}")
        return outcome.stop(failed, "result_differs")
    differences = _figure_differences(recorded["evaluation"], again)
    outcome.add(_result_check(differences), "result_differs")
    # only when nothing else changed can a different result be put down to the library
    if differences and not library_ok and hash_ok and input_ok:
        outcome.causes.append("library_changed")
    return outcome.verification(differences)


@dataclass
class _Outcome:
    """The checks made so far while verifying a record, and the causes they found."""

    checks: list[Check] = field(default_factory=list)
    causes: list[_Cause] = field(default_factory=list)

    def add(self, check: Check, cause: _Cause | None) -> bool:
        """Record ``check`` and, if it failed, ``cause``; return whether it passed."""
        self.checks.append(check)
        if not check.passed and cause is not None:
            self.causes.append(cause)
        return check.passed

    def stop(self, check: Check, cause: _Cause) -> Verification:
        """Record a failed ``check`` that leaves nothing further to check, and report."""
        self.add(check, cause)
        return self.verification([])

    def verification(self, differences: list[Difference]) -> Verification:
        """Report the record reproduced exactly when no check found a cause."""
        status: Literal["reproduced", "not_reproduced"] = (
            "reproduced" if not self.causes else "not_reproduced"
        )
        return Verification(
            status=status, causes=self.causes, checks=self.checks, differences=differences
        )


def _digest_check(record: AuditRecord, raw: Any, recorded: Mapping[str, Any]) -> Check:
    """Check the record's digest against its content."""
    # the digest is checked over the record as written, before any type coercion
    digest_ok = _digest(raw if isinstance(raw, Mapping) else recorded) == record.digest
    return Check(
        name="digest",
        passed=digest_ok,
        detail="matches" if digest_ok else "the record was changed after it was written",
    )


def _invalid_submission_check(error: SubmissionError) -> Check:
    """Report a recorded submission that no longer parses, each problem at its place in it."""
    where = "; ".join(f"/submission{p.pointer}: {p.message}" for p in error.problems)
    return Check(name="input_hash", passed=False, detail=f"invalid submission: {where}")


def _input_hash_check(record: AuditRecord, submission: Submission) -> Check:
    """Check that the recorded submission is the one the evaluation was computed from."""
    recorded_input = record.evaluation.provenance.input_hash
    recomputed_input = input_hash(submission)
    input_ok = recomputed_input == recorded_input
    return Check(
        name="input_hash",
        passed=input_ok,
        detail="matches"
        if input_ok
        else f"recorded {recorded_input}, submission hashes to {recomputed_input}",
    )


def _library_check(record: AuditRecord) -> Check:
    """Compare the library version the record was written with to the one running."""
    return Check(
        name="library",
        passed=record.library_version == __version__,
        detail=f"recorded {record.library_version}, running {__version__}",
    )


def _regulation_hash_check(record: AuditRecord, regulation: Regulation) -> Check:
    """Check that the installed regulation data is the data the record was computed under."""
    hash_ok = (
        regulation.content_hash
        == record.regulation.content_hash
        == (record.evaluation.provenance.regulation_hash)
    )
    return Check(
        name="regulation_hash",
        passed=hash_ok,
        detail="matches"
        if hash_ok
        else f"recorded {record.regulation.content_hash}, "
        f"installed data hashes to {regulation.content_hash}",
    )


def _reevaluate(
    record: AuditRecord, submission: Submission, regulation: Regulation, registry: Registry
) -> Evaluation:
    """Evaluate the recorded submission again, choosing the regulation as the record's run did."""
    # Re-evaluate as of the record: the recorded revision is the latest its id
    # has, so the regulation is chosen the way it was then (argument, name or year).
    as_of = Registry.from_regulations(
        r for r in registry.revisions if r.id != regulation.id or r.revision <= regulation.revision
    )
    chosen = regulation if record.evaluation.regulation.selected_by == "argument" else None
    return evaluate(submission, chosen, registry=as_of)


def _figure_differences(recorded: Any, again: Evaluation) -> list[Difference]:
    """Return every figure of the recorded evaluation that the re-evaluation does not give."""
    return [
        Difference(pointer=pointer, recorded=old, recomputed=new)
        for pointer, old, new in _differences(recorded, again.model_dump(mode="json"))
        # the running library's version is reported by its own check, not as a figure
        if pointer != "/provenance/library_version"
    ]


def _result_check(differences: list[Difference]) -> Check:
    """Report whether the re-evaluation gave the recorded figures."""
    return Check(
        name="result",
        passed=not differences,
        detail="identical" if not differences else f"{len(differences)} figure(s) differ",
    )


def _differences(old: Any, new: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Yield (pointer, old, new) for every leaf that differs between two JSON values."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            step = f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"
            yield from _differences(old.get(key), new.get(key), step)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _differences(a, b, f"{path}/{index}")
    elif old != new:
        yield path, old, new

"""Self-contained audit records, and re-computing them: :func:`make_record`, :func:`verify`.

An audit record holds everything needed to re-compute a published score: the
submission (normalized JSON), the regulation id, revision and content hash, the
library version, the full evaluation with its trace, and a SHA-256 digest over
all of it. :func:`verify` re-evaluates the submission under the recorded
regulation revision and reports ``reproduced``, or exactly which numbers differ
and why. It fails closed: a record without a digest, or whose digest, input
hash or regulation hash does not match, is never reported as reproduced.

The digest detects changes to a record; it proves nothing about who wrote it.
A record may also carry an Ed25519 ``signature`` (:mod:`kkpham_rules.signing`)
over its digest, which says which key issued it.

How the signature fits the format (``kkpham-audit-record/1``, unchanged):

* ``signature`` is an optional last field. The digest covers every field but
  ``digest`` and ``signature`` (the signature signs the digest, so it cannot be
  inside what it signs); signing a record therefore leaves its digest as it
  was, and the same record signed or not has one identity.
* An unsigned record has no ``signature`` key at all, so every record written
  before signatures existed, and every unsigned record written now, is exactly
  the bytes it was, and verifies as it did.
* The format's version stays at 1 because nothing an earlier reader relied on
  changed meaning. A reader that predates signatures refuses a signed record
  (records forbid unknown keys) rather than passing it unread: it fails closed.
* Stripping the signature leaves a valid unsigned record, so a signature only
  counts when the verifier demands one: :func:`verify` with ``trusted`` keys
  passes a record only if it is signed by one of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
from pydantic import Field, ValidationError
from pydantic.json_schema import SkipJsonSchema

from ._digest import canonical_digest
from ._documents import (
    DocumentProblem,
    problems_from_validation,
    read_bounded,
    read_json,
    worded,
)
from ._models import Frozen
from ._version import __version__
from .engine import evaluate, input_hash
from .errors import KkphamError, Problem, RecordError, SubmissionError
from .model import Regulation
from .registry import Registry, default_registry
from .result import Evaluation
from .submission import Submission, parse_submission

if TYPE_CHECKING:
    from .signing import PublicKey

__all__ = [
    "RECORD_FORMAT",
    "AuditRecord",
    "Cause",
    "Check",
    "Difference",
    "Integrity",
    "RecordError",
    "RecordedRegulation",
    "Signature",
    "SignatureStatus",
    "Verification",
    "check_integrity",
    "digest_matches",
    "load_record",
    "make_record",
    "record_data",
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


class Signature(Frozen):
    """An Ed25519 signature over a record's digest, naming the key that made it.

    ``value`` signs :func:`kkpham_rules.signing.signed_message` of the digest;
    ``public_key`` (base64 of the 32-byte key) lets anyone check the signature
    is consistent, and ``key_id`` (its fingerprint) says whose key it claims to
    be. Only a verifier's own trusted keys make a signer trusted.
    """

    algorithm: Literal["ed25519"]
    key_id: str = Field(pattern=r"^ed25519:sha256:[0-9a-f]{64}$")
    public_key: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$")
    value: str = Field(pattern=r"^[A-Za-z0-9+/]{86}==$")


SignatureStatus = Literal["valid", "unsigned", "unknown_key", "bad_signature", "signer_not_checked"]
"""What a record's signature shows.

``valid``: signed by one of the trusted keys given. ``unsigned``: no signature.
``unknown_key``: signed by a key that is not among the trusted keys.
``bad_signature``: the signature does not match the record's digest (or its key
id is not its key's fingerprint). ``signer_not_checked``: the signature matches
the key it carries, but no trusted keys were given, so who signed is not known.
"""


class AuditRecord(Frozen):
    """A result with everything needed to re-compute and check it.

    ``digest`` is ``sha256:<hex>`` of the canonical JSON of every other field
    but ``signature``, which is absent from an unsigned record.
    """

    format: Literal["kkpham-audit-record/1"] = RECORD_FORMAT
    library: str
    library_version: str
    regulation: RecordedRegulation
    submission: dict[str, Any] = Field(description="The submission, normalized JSON.")
    evaluation: Evaluation
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    # absent from an unsigned record; the published schema shows only the object
    signature: Signature | SkipJsonSchema[None] = None

    def to_json(self) -> str:
        """Return the record as deterministic JSON text (no ``signature`` key when unsigned)."""
        data = self.model_dump(mode="json")
        if data["signature"] is None:
            del data["signature"]  # an unsigned record is the bytes it always was
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Check(Frozen):
    """One check made while verifying a record."""

    name: Literal[
        "digest",
        "signature",
        "input_hash",
        "regulation_installed",
        "regulation_hash",
        "library",
        "result",
    ]
    passed: bool
    detail: str


class Difference(Frozen):
    """A figure that differs between the record and the re-computation."""

    pointer: str = Field(description="JSON pointer into the evaluation.")
    recorded: Any
    recomputed: Any


Cause = Literal[
    "record_altered",
    "submission_altered",
    "regulation_missing",
    "regulation_changed",
    "library_changed",
    "result_differs",
    "unsigned",
    "unknown_key",
    "bad_signature",
]
"""Why a record is not reproduced (or, for the signature's causes, not trusted)."""


class Verification(Frozen):
    """The outcome of :func:`verify`.

    ``signature`` says what the record's signature shows and ``signer`` is the
    key id it names (``None`` when unsigned); a status other than ``valid`` is
    a cause only when trusted keys were given, or when the signature is bad.
    """

    status: Literal["reproduced", "not_reproduced"]
    causes: list[Cause]
    checks: list[Check]
    differences: list[Difference]
    signature: SignatureStatus = "unsigned"
    signer: str | None = None

    @property
    def reproduced(self) -> bool:
        """Return whether the record was re-computed exactly and every check passed."""
        return self.status == "reproduced"


def record_data(source: str | bytes | Path | Mapping[str, Any]) -> Any:
    """Return a record's JSON data exactly as written (a mapping is returned as it is).

    The digest is checked over this data, before the model coerces any value.
    Raises :class:`RecordError` for a file or text that is not readable JSON.
    """
    try:
        if isinstance(source, Path):
            source = read_bounded(source, MAX_RECORD_BYTES)
        if isinstance(source, str | bytes):
            return read_json(source, MAX_RECORD_BYTES)
    except DocumentProblem as error:
        raise RecordError("the record is not readable JSON", [error.problem]) from error
    return source


_UNDIGESTED = frozenset({"digest", "signature"})
"""The fields the digest does not cover: itself, and the signature made over it."""


def _digest(fields: Mapping[str, Any]) -> str:
    body = {key: value for key, value in fields.items() if key not in _UNDIGESTED}
    return canonical_digest(body)


def digest_matches(record: AuditRecord, raw: Any = None) -> bool:
    """Return whether ``record``'s digest is the digest of its content.

    ``raw`` is the record's JSON data as written, where there is one: the digest
    is checked over that, before any type coercion the model makes.
    """
    content = raw if isinstance(raw, Mapping) else record.model_dump(mode="json")
    return _digest(content) == record.digest


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
    unsafe = _unsafe_content(source)
    if unsafe:
        raise RecordError(f"not an audit record ({len(unsafe)} problem(s))", unsafe)
    try:
        return AuditRecord.model_validate(source)
    except ValidationError as error:
        problems = [_in_words(problem) for problem in problems_from_validation(error, source)]
        raise RecordError(f"not an audit record ({len(problems)} problem(s))", problems) from error


_SIGNATURE_FORMS: Final = {
    # what each signature field holds, in words: never the pattern that checks it
    "/signature/algorithm": "ed25519",
    "/signature/key_id": "ed25519:sha256: and 64 hexadecimal digits",
    "/signature/public_key": "base64 of 32 bytes (44 characters, the last one =)",
    "/signature/value": "base64 of 64 bytes (88 characters, the last two ==)",
}


def _in_words(problem: Problem) -> Problem:
    """Return ``problem`` with what a signature field should hold in words, if it is one."""
    form = _SIGNATURE_FORMS.get(problem.pointer)
    if form is None or problem.expected is None:
        return problem
    return worded(attrs.evolve(problem, expected=form))


MAX_RECORD_DEPTH: Final = 64
"""The deepest nesting of objects and arrays a record may have (a real one has under 10)."""

_MAX_UNSAFE_SHOWN = 50
"""Problems of unwritable text reported per record, at most: enough to find them all."""


def _unsafe_content(data: Any) -> list[Problem]:
    """Return the places in ``data`` no record can hold: lone surrogates, NULs, deep nesting.

    JSON text may write half a UTF-16 pair (``"\\ud800"``), which no UTF-8
    digest, database or output can hold; and nesting without end exhausts
    every reader after this one. Both are refused where they are, before
    anything else reads the record.
    """
    problems: list[Problem] = []
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack and len(problems) < _MAX_UNSAFE_SHOWN:
        node, pointer, depth = stack.pop()
        if isinstance(node, str):
            code = _unwritable(node)
            if code is not None:
                problems.append(worded(Problem(code, pointer, "", "UTF-8 text")))
            continue
        if isinstance(node, Mapping):
            items: list[tuple[Any, Any]] = list(node.items())
        elif isinstance(node, list | tuple):
            items = list(enumerate(node))
        else:
            continue
        if depth >= MAX_RECORD_DEPTH:
            problems.append(
                worded(Problem("too_deep", pointer, "", f"at most {MAX_RECORD_DEPTH} levels"))
            )
            continue
        for key, value in reversed(items):
            step = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            code = _unwritable(key) if isinstance(key, str) else None
            if code is not None:
                problems.append(worded(Problem(code, step, "", "UTF-8 text")))
                continue
            stack.append((value, step, depth + 1))
    return problems


def _unwritable(text: str) -> str | None:
    """Return the problem code of text no record can hold, or ``None``.

    Half a surrogate pair cannot be written as UTF-8; a NUL character cannot be
    stored in a PostgreSQL text column, so an archive on PostgreSQL would refuse
    what one on SQLite keeps: refused here, the same on both.
    """
    if "\x00" in text:
        return "nul_character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "lone_surrogate"
    return None


def verify(
    record: AuditRecord | str | bytes | Path | Mapping[str, Any],
    *,
    registry: Registry | None = None,
    trusted: Iterable[PublicKey] | None = None,
) -> Verification:
    """Re-compute a record and report whether it is reproduced, and if not, why.

    ``reproduced`` means: the digest matches, the submission hashes to the
    recorded input hash, the recorded regulation revision is installed with the
    recorded content hash, and re-evaluation gives the recorded evaluation
    exactly (the library version aside, which is reported as a check).

    With ``trusted`` public keys (:func:`kkpham_rules.signing.load_public_keys`),
    it also means the record is signed by one of them; without, a signature is
    still checked against the key it carries (``signer_not_checked``), and a
    bad one is a cause. An empty ``trusted`` trusts nobody: nothing passes.
    """
    record, raw = _record_and_raw(record)
    registry = registry or default_registry()
    recorded = record.model_dump(mode="json")
    outcome = _Outcome()
    submission = _check_integrity(outcome, record, raw, trusted)
    if submission is None:
        return outcome.verification([])
    input_ok = outcome.checks[-1].passed  # the input hash, checked last of the integrity
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


class Integrity(Frozen):
    """The outcome of :func:`check_integrity`: the checks that need no regulation installed."""

    intact: bool
    causes: list[Cause]
    checks: list[Check]
    signature: SignatureStatus
    signer: str | None


def check_integrity(
    record: AuditRecord | str | bytes | Path | Mapping[str, Any],
    *,
    trusted: Iterable[PublicKey] | None = None,
) -> Integrity:
    """Check a record is as it was written, without re-computing it.

    ``intact`` means: the digest matches the content, the signature (if any) is
    consistent, and trusted when ``trusted`` is given (as in :func:`verify`), and
    the submission is valid and hashes to the recorded input hash. Nothing here
    needs the record's regulation installed: :func:`verify` goes on to
    re-compute. Raises :class:`RecordError` for a record that cannot be read.
    """
    record, raw = _record_and_raw(record)
    outcome = _Outcome()
    _check_integrity(outcome, record, raw, trusted)
    return Integrity(
        intact=not outcome.causes,
        causes=outcome.causes,
        checks=outcome.checks,
        signature=outcome.signature,
        signer=outcome.signer,
    )


def _record_and_raw(
    record: AuditRecord | str | bytes | Path | Mapping[str, Any],
) -> tuple[AuditRecord, Any]:
    """Return the record and its JSON data as written (``None`` for a record object)."""
    if isinstance(record, AuditRecord):
        return record, None
    raw = record_data(record)
    return load_record(raw), raw


def _check_integrity(
    outcome: _Outcome, record: AuditRecord, raw: Any, trusted: Iterable[PublicKey] | None
) -> Submission | None:
    """Check digest, signature and input hash into ``outcome``; return the valid submission."""
    from .signing import check_signature

    outcome.add(_digest_check(record, raw), "record_altered")
    signed = check_signature(record, None if trusted is None else list(trusted), raw=raw)
    outcome.signature, outcome.signer = signed.status, signed.key_id
    outcome.add(
        Check(name="signature", passed=signed.cause is None, detail=signed.detail), signed.cause
    )
    try:
        submission = parse_submission(record.submission)
    except SubmissionError as error:
        outcome.add(_invalid_submission_check(error), "submission_altered")
        return None
    outcome.add(_input_hash_check(record, submission), "submission_altered")
    return submission


@dataclass
class _Outcome:
    """The checks made so far while verifying a record, and the causes they found."""

    checks: list[Check] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    signature: SignatureStatus = "unsigned"
    signer: str | None = None

    def add(self, check: Check, cause: Cause | None) -> bool:
        """Record ``check`` and, if it failed, ``cause``; return whether it passed."""
        self.checks.append(check)
        if not check.passed and cause is not None:
            self.causes.append(cause)
        return check.passed

    def stop(self, check: Check, cause: Cause) -> Verification:
        """Record a failed ``check`` that leaves nothing further to check, and report."""
        self.add(check, cause)
        return self.verification([])

    def verification(self, differences: list[Difference]) -> Verification:
        """Report the record reproduced exactly when no check found a cause."""
        status: Literal["reproduced", "not_reproduced"] = (
            "reproduced" if not self.causes else "not_reproduced"
        )
        return Verification(
            status=status,
            causes=self.causes,
            checks=self.checks,
            differences=differences,
            signature=self.signature,
            signer=self.signer,
        )


def _digest_check(record: AuditRecord, raw: Any) -> Check:
    """Check the record's digest against its content."""
    digest_ok = digest_matches(record, raw)
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

"""Audit records over HTTP: make one, and the archive (read by anyone, written with a key).

=================================  ==========================================================
``POST /evaluate/record``          one submission in, its audit record out (as
                                   ``kkpham evaluate --record``), signed with the server's
                                   key when it has one (``KKPHAM_SIGNING_KEY``)
``GET /archive/regions/{code}``    a region's archived records, every year and regulation
                                   revision, each verified again (``kkpham archive history``)
``POST /archive``                  add one record (needs an API key): 201 added, 200 already
                                   archived, 422 refused with the cause ``verify`` names
=================================  ==========================================================

The archive is the database named by ``--database`` / ``KKPHAM_DATABASE_URL``;
a server started without one keeps no archive and says so (404) rather than
creating a file wherever it happens to run. The archive is opened on the first
request that needs it, so a database that is down does not stop the scoring
routes. ``KKPHAM_TRUSTED_KEYS`` (files of public keys, separated like ``PATH``)
makes ``POST /archive`` admit only records signed by one of them, and
``history`` check signers against them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import attrs
from attrs import field, frozen
from fastapi import Depends, FastAPI, Request
from fastapi import Path as PathParameter
from starlette.responses import Response

from .._json import json_text
from ..errors import InputError, Problem, RecordError
from . import openapi as docs
from .answers import Refused
from .keys import require_api_key
from .limits import Deadline, Limits, read_body, run_limited
from .parameters import RegulationQuery

if TYPE_CHECKING:
    from ..archive import Archive
    from ..archive.models import AddOutcome
    from ..signing import PublicKey, SigningKey

__all__ = [
    "DATABASE_VARIABLE",
    "SIGNING_KEY_VARIABLE",
    "TRUSTED_KEYS_VARIABLE",
    "RecordSettings",
    "record_routes",
]

DATABASE_VARIABLE: Final = "KKPHAM_DATABASE_URL"
"""The archive's database URL; unset, the service keeps no archive."""

SIGNING_KEY_VARIABLE: Final = "KKPHAM_SIGNING_KEY"
"""A private key file (``kkpham keys new``) the service signs the records it makes with."""

TRUSTED_KEYS_VARIABLE: Final = "KKPHAM_TRUSTED_KEYS"
"""Public key files, separated by ``os.pathsep``: the signers the archive admits."""

_JSON: Final = "application/json"

_REGION_CODE: Final = "/path/region_code"
"""Where a problem of ``GET /archive/regions/{region_code}``'s code points, as FastAPI's would."""

_RegionCode = Annotated[str, PathParameter(description="a region code, e.g. 72.71")]


@frozen
class RecordSettings:
    """What the record routes need: the archive's URL and the signing and trusted keys.

    Read with :meth:`from_settings`, which loads the keys at once so that a key
    file that cannot be used stops the server at start, not at the first request.
    """

    database: str | None
    signing_key: SigningKey | None
    trusted: tuple[PublicKey, ...] | None
    _opened: list[Archive] = field(factory=list, eq=False, repr=False)
    _lock: threading.Lock = field(factory=threading.Lock, eq=False, repr=False)

    @classmethod
    def from_settings(
        cls,
        *,
        database: str | None = None,
        signing_key: str | Path | None = None,
        trusted_keys: Sequence[str | Path] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> RecordSettings:
        """Return the settings given, each left out read from its environment variable.

        Raises :class:`~kkpham_rules.errors.KeyFileError` for a key file that
        cannot be read.
        """
        environ = os.environ if environ is None else environ
        database = database or environ.get(DATABASE_VARIABLE) or None
        signing_key = signing_key or environ.get(SIGNING_KEY_VARIABLE) or None
        if trusted_keys is None:
            listed = environ.get(TRUSTED_KEYS_VARIABLE, "")
            trusted_keys = [path for path in listed.split(os.pathsep) if path.strip()]
        key = None
        if signing_key is not None:
            from ..signing import load_private_key

            key = load_private_key(Path(signing_key))
        trusted = None
        if trusted_keys:
            from ..signing import load_public_keys

            trusted = tuple(load_public_keys(trusted_keys))
        return cls(database, key, trusted)

    def archive(self) -> Archive:
        """Return the archive, opened (and its schema migrated) on first use.

        Raises :class:`Refused` (404) when the server was started without a
        database, and :class:`~kkpham_rules.errors.ArchiveError` when it cannot
        be opened.
        """
        if self.database is None:
            problem = Problem(
                "no_archive_configured",
                "",
                "this server keeps no archive",
                f"kkpham serve --database URL, or {DATABASE_VARIABLE} set on the server",
            )
            raise Refused(404, problem)
        with self._lock:  # one opening (and one migration) however many requests arrive
            if not self._opened:
                from ..archive import Archive

                self._opened.append(Archive(self.database))
            return self._opened[0]


# --- the jobs: bytes in, bytes out ---------------------------------------------------------


def record_job(
    _deadline: Deadline,
    raw: bytes,
    regulation: str | None,
    max_bytes: int,
    key: SigningKey | None,
) -> bytes:
    """Return the audit record of the submission ``raw`` holds, as ``kkpham evaluate --record``."""
    from .._documents import DocumentProblem, read_json
    from ..audit import make_record
    from ..engine import evaluate
    from ..submission import parse_submission

    try:
        data = read_json(raw, max_bytes)
    except DocumentProblem as error:
        raise Refused(400, error.problem) from error
    submission = parse_submission(data)
    record = make_record(submission, evaluate(submission, regulation))
    if key is not None:
        from ..signing import sign_record

        record = sign_record(record, key)
    return record.to_json().encode("utf-8")


def history_job(_deadline: Deadline, settings: RecordSettings, region_code: str) -> bytes:
    """Return what ``kkpham archive history CODE --json`` prints for a region."""
    from ..archive.models import History

    archive = settings.archive()
    try:
        entries = archive.history(region_code, trusted=settings.trusted)
    except InputError as error:  # the code is the path's, not a document's /region/code
        placed = [attrs.evolve(problem, pointer=_REGION_CODE) for problem in error.problems]
        raise type(error)(str(error.args[0]), placed) from error
    return History(region_code=region_code, entries=entries).to_json().encode("utf-8")


def add_job(_deadline: Deadline, settings: RecordSettings, raw: bytes) -> AddOutcome:
    """Add one record's bytes to the archive and return what became of it."""
    return settings.archive().add(raw, trusted=settings.trusted)


_REFUSAL_CODES: Final[Mapping[str, str]] = {
    "record_altered": "refused_record_altered",
    "submission_altered": "refused_submission_altered",
    "unsigned": "refused_unsigned",
    "unknown_key": "refused_unknown_key",
    "bad_signature": "refused_bad_signature",
}
"""The problem of each cause an archive refuses a readable record for (all that ``add`` checks)."""

_CAUSE_CHECKS: Final[Mapping[str, str]] = {
    "record_altered": "digest",
    "submission_altered": "input_hash",
    "unsigned": "signature",
    "unknown_key": "signature",
    "bad_signature": "signature",
}
"""The check (:class:`~kkpham_rules.audit.Check`) whose failure is each cause."""


def _refusal(outcome: AddOutcome) -> RecordError:
    """Return the error of a refused record (422): its reading problems, else its causes.

    One problem per cause, each with the detail of its own check only (the
    digest's for ``record_altered``, the input hash's for ``submission_altered``).
    """
    if outcome.problems:
        problems = [
            Problem(p.code, p.pointer, p.message, p.expected, p.received, p.location)
            for p in outcome.problems
        ]
        return RecordError("the record cannot be read", problems)
    failed: dict[str, str] = {c.name: c.detail for c in outcome.checks if not c.passed}
    problems = [
        Problem(
            _REFUSAL_CODES.get(cause, "record_refused"),
            "",
            failed.get(_CAUSE_CHECKS.get(cause, ""), cause),
            None,
            cause,
        )
        for cause in outcome.causes
    ]
    return RecordError("the archive refused the record", problems)


# --- the routes ------------------------------------------------------------------------------


def record_routes(service: FastAPI, limits: Limits, settings: RecordSettings) -> None:
    """Add the record routes (see the module's table) to ``service``."""
    seconds = limits.request_seconds

    @service.post(
        "/evaluate/record",
        response_class=Response,
        openapi_extra=docs.SUBMISSION_BODY,
        responses={
            200: docs.json_response(
                "The audit record, as kkpham evaluate --record writes it.",
                docs.ref("AuditRecord"),
            ),
            **docs.problem_responses(400, 404, 413, 422, 503),
        },
    )
    async def evaluate_record(request: Request, regulation: RegulationQuery = None) -> Response:
        """Score one submission and answer its audit record (signed if the server has a key)."""
        raw = await read_body(request, limits.max_body_bytes)
        body = await run_limited(
            seconds, record_job, raw, regulation, limits.max_body_bytes, settings.signing_key
        )
        return Response(body, media_type=_JSON)

    @service.get(
        "/archive/regions/{region_code}",
        response_class=Response,
        responses={
            200: docs.json_response(
                "kkpham archive history --json's answer: the region's archived records, "
                "oldest year first, each verified again.",
                docs.ref("History"),
            ),
            **docs.problem_responses(404, 422, 503),
        },
    )
    async def region_history(region_code: _RegionCode) -> Response:
        """Return every archived record of a region (as ``kkpham archive history --json``)."""
        body = await run_limited(seconds, history_job, settings, region_code)
        return Response(body, media_type=_JSON)

    @service.post(
        "/archive",
        response_class=Response,
        dependencies=[Depends(require_api_key)],
        openapi_extra=docs.AUDIT_RECORD_BODY,
        responses={
            200: docs.json_response("The record was archived already.", docs.ref("AddOutcome")),
            201: docs.json_response("The record was added.", docs.ref("AddOutcome")),
            **docs.problem_responses(400, 401, 403, 404, 413, 422, 503),
        },
    )
    async def archive_record(request: Request) -> Response:
        """Add one audit record to the archive (needs an API key); adding it again is a no-op."""
        raw = await read_body(request, limits.max_body_bytes)
        outcome = await run_limited(seconds, add_job, settings, raw)
        if outcome.status == "refused":
            raise _refusal(outcome)
        status = 201 if outcome.status == "added" else 200
        body: Any = outcome.model_dump(mode="json")
        return Response(json_text(body), status_code=status, media_type=_JSON)

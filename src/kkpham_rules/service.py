"""KKPHAM over HTTP: a JSON service over the library (``kkpham serve``).

The ASGI application is :data:`app` (``uvicorn kkpham_rules.service:app``), or
one built with other settings by :func:`create_app`. It answers with the same
models and the same bytes as the library and the command line:

======================================  ===================================================
``GET /``                               the what-if page for people (:mod:`kkpham_rules.page`):
                                        score one region, try a variant over a cohort
``GET /labels?lang=id|en``              the page's words, ``messages.LABELS`` in one language
``GET /healthz``                        ``{"status": "ok"}`` while the service runs
``GET /version``                        the installed kkpham-rules version
``GET /regulations``                    the installed regulations (``kkpham regulations
                                        --json``)
``GET /regulations/{id}``               what one regulation declares (``kkpham show
                                        --json``); an alias with a slash is url-encoded
                                        (``22%2F2021``) or not (``22/2021``)
``GET /regulations/{id}/template``      an empty submission to fill in (``kkpham
                                        template``): ``?format=json|csv|xlsx``, ``?year=``,
                                        ``?lang=`` (the workbook's; default: Accept-Language)
``POST /evaluate``                      one submission (JSON), ``?regulation=`` optional;
                                        the answer is ``Evaluation.to_json()``
``POST /evaluate/cohort``               submissions (JSON array, JSON Lines, CSV, XLSX:
                                        by Content-Type, else recognised); the answer is
                                        JSON Lines, one ``Evaluation.to_json(indent=None)``
                                        per region in input order
``POST /compare``                       submissions, ``?regulation=`` repeated (default:
                                        every installed one); the answer is ``kkpham compare
                                        --json``'s
``POST /simulate``                      a form (``cohort`` file or ``synthetic`` and
                                        ``seed``; ``variant`` parts; ``regulation``) or the
                                        same as JSON; the answer is ``kkpham simulate``'s
                                        ``summary.json``, or with ``?download=csv|xlsx`` its
                                        ``regions.csv`` (or that as a workbook)
``POST /verify``                        an audit record; the answer is ``kkpham verify
                                        --json``'s, status 200 whether it is reproduced or
                                        not (the verification *is* the answer)
``POST /evaluate/record``               one submission; the answer is its audit record
                                        (``kkpham evaluate --record``), signed with
                                        ``KKPHAM_SIGNING_KEY`` when the server has one
``GET /archive/regions/{code}``         the region's archived records, each verified again
                                        (``kkpham archive history --json``)
``POST /archive``                       add an audit record (an API key): 201 added, 200
                                        archived already, 422 refused with its cause
``GET /schemas/{name}``                 a published JSON Schema (``submission.schema.json``)
======================================  ===================================================

**Errors** are ``application/problem+json`` (RFC 9457): ``type``, ``title``,
``status``, ``detail``, plus ``problems``, the library's
:class:`~kkpham_rules.errors.Problem` list, each with its ``localized_message``
in the language ``Accept-Language`` asks for (``id`` or ``en``); a request that
names neither is answered in the server's language, ``kkpham serve --lang`` or
``KKPHAM_LANG`` (as on the command line), else Indonesian. Anything a client
sends is answered with a 4xx status, never a traceback: the statuses are listed in
:mod:`kkpham_rules._service.answers`. A cohort with bad records is answered 422
with every problem of every record, before anything is streamed. A query
parameter that takes one value, given twice, is refused (422 ``repeated_field``
at ``/query/<name>``; :mod:`kkpham_rules._service.parameters`). Warnings
from reading a table (a region name other than the Kemendagri list's) come
with ``/evaluate/cohort`` and ``/compare`` answers as headers:
``X-KKPHAM-Warning-Count`` and ``X-KKPHAM-Warnings`` (the first 20, as ASCII
JSON).

**Limits**, each a :func:`create_app` keyword and an environment variable:

===========================  =========  =======================================================
``KKPHAM_MAX_BODY_BYTES``    5 MB       a one-document body (413)
``KKPHAM_MAX_COHORT_BYTES``  64 MB      a cohort upload, ``/evaluate/cohort`` and
                                        ``/simulate`` (413)
``KKPHAM_MAX_REGIONS``       20000      the regions of one request (413)
``KKPHAM_REQUEST_SECONDS``   60         the work of one request (503 with ``Retry-After``)
``KKPHAM_CORS_ORIGINS``      (none)     comma-separated origins allowed cross-origin calls
``KKPHAM_API_KEYS``          (none)     comma-separated keys for routes that write; or
``KKPHAM_API_KEYS_FILE``                a file of them, one a line
``KKPHAM_DATABASE_URL``      (none)     the archive (``sqlite:///...`` or
                                        ``postgresql://...``); none: no archive (404)
``KKPHAM_SIGNING_KEY``       (none)     a private key file the records made are signed with
``KKPHAM_TRUSTED_KEYS``      (none)     public key files (separated like ``PATH``): the
                                        only signers the archive admits
``KKPHAM_LANG``              ``id``     the language of answers when ``Accept-Language``
                                        names neither ``id`` nor ``en``
===========================  =========  =======================================================

Why each status, and what a time limit can and cannot do to the work (a
thread cannot be killed), is said in :mod:`kkpham_rules._service.limits`.

**Writes** need an API key (``Authorization: Bearer <key>``): a route that
writes takes :func:`require_api_key` as a dependency. It fails closed: with no
keys configured every write is refused (403). ``POST /archive`` is the one route
that writes (:mod:`kkpham_rules._service.records`).

Why FastAPI on uvicorn: the library's models are pydantic models, which
FastAPI turns into the OpenAPI document (``schemas/openapi.json``) without a
second description of them; Starlette underneath gives plain ASGI request and
response objects, so a body is read as raw bytes and parsed by the library's own
reader (exact decimals, no duplicate keys, the same problems), and an answer
is sent as the exact bytes the library writes. uvicorn is the reference ASGI
server FastAPI documents. Scoring runs in worker threads, off the event loop,
so health checks keep answering while a cohort is scored.

This module imports FastAPI at import time: nothing else in the library imports
it, so ``import kkpham_rules`` and ``kkpham evaluate`` stay light.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ._documents import worded
from ._json import json_text
from ._service import openapi as docs
from ._service.answers import (
    PROBLEM_JSON,
    Refused,
    answer_lang,
    error_answer,
    problem_answer,
    request_lang,
    validation_problems,
    warning_headers,
)
from ._service.forms import simulation_input
from ._service.jobs import (
    NDJSON,
    XLSX,
    Download,
    cohort_job,
    compare_job,
    evaluation_job,
    simulate_job,
    template_job,
    verify_job,
)
from ._service.keys import (
    API_KEYS_FILE_VARIABLE,
    API_KEYS_VARIABLE,
    ApiKeys,
    load_api_keys,
    require_api_key,
)
from ._service.limits import (
    MAX_BODY_VARIABLE,
    MAX_COHORT_BODY_VARIABLE,
    MAX_REGIONS_VARIABLE,
    REQUEST_SECONDS_VARIABLE,
    Limits,
    read_body,
    run_limited,
)
from ._service.parameters import RegulationQuery, one_value_each
from ._service.records import RecordSettings, record_routes
from ._version import __version__
from .errors import InputError, KkphamError, Problem
from .files.template import TEMPLATE_MEDIA_TYPES, TemplateFormat
from .messages import Lang, default_lang

if TYPE_CHECKING:
    from .result import Evaluation
    from .signing import PublicKey

__all__ = [
    "API_KEYS_FILE_VARIABLE",
    "API_KEYS_VARIABLE",
    "CORS_VARIABLE",
    "MAX_BODY_VARIABLE",
    "MAX_COHORT_BODY_VARIABLE",
    "MAX_REGIONS_VARIABLE",
    "PROBLEM_JSON",
    "REQUEST_SECONDS_VARIABLE",
    "Limits",
    "app",
    "create_app",
    "request_lang",
    "require_api_key",
]

CORS_VARIABLE = "KKPHAM_CORS_ORIGINS"
"""Comma-separated origins :data:`app` allows cross-origin calls from; unset, no CORS."""

_JSON = "application/json"
_LINES_AT_ONCE = 64
"""Evaluations written to the stream per worker-thread call: few hops, early first bytes."""


@cache
def _schemas() -> dict[str, str]:
    from .schemas import generate_schemas, schema_text

    return {name: schema_text(schema) for name, schema in generate_schemas().items()}


def _lang(request: Request) -> Lang:
    return answer_lang(request)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def _lines(evaluations: Sequence[Evaluation]) -> AsyncIterator[bytes]:
    """Yield the evaluations as JSON Lines, written a few at a time off the event loop."""
    for start in range(0, len(evaluations), _LINES_AT_ONCE):
        chunk = evaluations[start : start + _LINES_AT_ONCE]
        yield await run_in_threadpool(_joined, chunk)


def _joined(evaluations: Sequence[Evaluation]) -> bytes:
    return "".join(evaluation.to_json(indent=None) for evaluation in evaluations).encode("utf-8")


def create_app(
    *,
    max_body_bytes: int | None = None,
    max_cohort_bytes: int | None = None,
    max_regions: int | None = None,
    request_seconds: float | None = None,
    api_keys: Sequence[str] | None = None,
    cors_origins: Sequence[str] | None = None,
    database: str | None = None,
    signing_key: str | Path | None = None,
    trusted_keys: Sequence[str | Path] | None = None,
    lang: Lang | None = None,
) -> FastAPI:
    """Return the service as an ASGI application.

    Each setting left out is read from its environment variable, else its
    default (see the module's table): ``max_body_bytes`` bounds a one-document
    body, ``max_cohort_bytes`` a cohort upload, ``max_regions`` the regions of
    one request, ``request_seconds`` its work; ``api_keys`` are the keys routes
    that write accept (none: every write is refused); ``cors_origins`` allows
    cross-origin calls from those origins (none: no CORS headers at all);
    ``database`` is the archive's URL (none: the service keeps no archive),
    ``signing_key`` a private key file the records it makes are signed with,
    ``trusted_keys`` the public key files of the signers its archive admits;
    ``lang`` is the language of answers to a request whose ``Accept-Language``
    names neither ``id`` nor ``en`` (default: ``KKPHAM_LANG``, else ``id``).

    Raises :class:`~kkpham_rules.errors.InputError` naming every setting that
    is not usable.
    """
    limits = Limits.from_settings(
        max_body_bytes=max_body_bytes,
        max_cohort_bytes=max_cohort_bytes,
        max_regions=max_regions,
        request_seconds=request_seconds,
    )
    keys = ApiKeys.of(api_keys) if api_keys is not None else load_api_keys()
    records = RecordSettings.from_settings(
        database=database, signing_key=signing_key, trusted_keys=trusted_keys
    )
    if cors_origins is None:
        origins = os.environ.get(CORS_VARIABLE, "")
        cors_origins = [origin.strip() for origin in origins.split(",") if origin.strip()]
    service = FastAPI(
        title="kkpham-rules",
        version=__version__,
        description="Score Kabupaten/Kota Peduli HAM submissions under a regulation version.",
        # a query parameter that takes one value, given twice, is refused on every route
        dependencies=[Depends(one_value_each)],
    )
    service.state.lang = lang or default_lang()
    service.state.limits = limits
    service.state.api_keys = keys
    service.state.records = records
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        service.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept-Language"],
            expose_headers=["X-KKPHAM-Warning-Count", "X-KKPHAM-Warnings", "Retry-After"],
        )
    _answer_errors(service)
    _read_routes(service, limits)
    _scoring_routes(service, limits)
    record_routes(service, limits, records)

    def openapi() -> dict[str, Any]:
        if service.openapi_schema is None:
            document = get_openapi(
                title=service.title,
                version=service.version,
                description=service.description,
                routes=service.routes,
            )
            document.setdefault("components", {}).setdefault("schemas", {}).update(
                docs.components()
            )
            service.openapi_schema = document
        return service.openapi_schema

    service.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
    from .page import mount_page  # the page for people at /, beside the JSON (kkpham_rules.page)

    mount_page(service, max_body_bytes=limits.max_body_bytes)
    return service


def _answer_errors(service: FastAPI) -> None:
    """Answer every error as problem+json in the request's language; never a traceback."""

    @service.exception_handler(KkphamError)
    async def library_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, KkphamError)  # registered for it alone
        return error_answer(error, _lang(request))

    @service.exception_handler(Refused)
    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)  # registered for it alone
        return error.answer(_lang(request))

    @service.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, error: Exception) -> Response:
        # a query parameter of the wrong kind: FastAPI's check, the library's problem shape
        assert isinstance(error, RequestValidationError)  # registered for it alone
        problems = validation_problems(error.errors())
        wrong = InputError(f"the request has {len(problems)} problem(s)", problems)
        return error_answer(wrong, _lang(request))

    @service.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        # Starlette's own answers (no such path, wrong method) in the same shape and in
        # the request's language: the catalogue's words, never Starlette's "Not Found"
        assert isinstance(error, StarletteHTTPException)  # registered for it alone
        status = error.status_code
        headers = dict(error.headers or {})
        if status == 405:
            asked = f"{request.method} {request.url.path}"
            problem = Problem("method_not_allowed", "", "", headers.get("Allow"), asked)
        else:
            code = "no_such_resource" if status == 404 else "bad_request"
            problem = Problem(code, "", "", None, request.url.path)
        return Refused(status, worded(problem), headers).answer(_lang(request))

    @service.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        # a bug in kkpham-rules: the client sees that it is one, never the traceback
        detail = f"internal error ({type(error).__name__}): a bug in kkpham-rules"
        return problem_answer(500, "internal_error", detail, [], _lang(request))


def _read_routes(service: FastAPI, limits: Limits) -> None:
    """The routes that read what is installed: health, version, regulations, templates, schemas."""

    @service.get(
        "/healthz",
        response_class=Response,
        responses={200: docs.json_response("The service runs.", {"type": "object"})},
    )
    async def healthz() -> Response:
        """Say that the service runs."""
        return Response(json_text({"status": "ok"}), media_type=_JSON)

    @service.get(
        "/version",
        response_class=Response,
        responses={200: docs.json_response("The installed version.", {"type": "object"})},
    )
    async def version() -> Response:
        """Return the installed kkpham-rules version."""
        return Response(json_text({"version": __version__}), media_type=_JSON)

    @service.get(
        "/regulations",
        response_class=Response,
        responses={200: docs.json_response("The installed regulations.", {"type": "object"})},
    )
    def regulations() -> Response:
        """List the installed regulations (as ``kkpham regulations --json``)."""
        from .describe import regulation_listing
        from .registry import default_registry

        return Response(json_text(regulation_listing(default_registry())), media_type=_JSON)

    # before /regulations/{id}: an id may hold slashes, and that route would take the rest
    @service.get(
        "/regulations/{regulation_id:path}/template",
        response_class=Response,
        responses={
            200: {
                "description": "The template, as `kkpham template` writes it.",
                "content": {
                    _JSON: {"schema": {"type": "object"}},
                    "text/csv": {"schema": {"type": "string"}},
                    XLSX: {"schema": {"type": "string", "format": "binary"}},
                },
            },
            **docs.problem_responses(404, 422, 503),
        },
    )
    async def template(
        request: Request,
        regulation_id: str,
        format: Annotated[TemplateFormat, Query(description="json, csv or xlsx")] = "json",
        year: Annotated[
            int | None, Query(description="the data year; default: the usual one")
        ] = None,
        lang: Annotated[
            Lang | None,
            Query(description="the workbook's language; default: Accept-Language, else id"),
        ] = None,
    ) -> Response:
        """Return an empty submission to fill in (as ``kkpham template``)."""
        chosen = lang or _lang(request)
        body, name = await run_limited(
            limits.request_seconds, template_job, regulation_id, format, year, chosen
        )
        return Response(body, media_type=TEMPLATE_MEDIA_TYPES[format], headers=_attachment(name))

    @service.get(
        "/regulations/{regulation_id:path}",
        response_class=Response,
        responses={
            200: docs.json_response("What the regulation declares.", {"type": "object"}),
            **docs.problem_responses(404),
        },
    )
    def regulation(regulation_id: str) -> Response:
        """Return what one regulation declares (as ``kkpham show --json``)."""
        from .describe import describe_regulation
        from .registry import default_registry

        found = default_registry().get(regulation_id)
        return Response(json_text(describe_regulation(found)), media_type=_JSON)

    @service.get(
        "/schemas/{name}",
        response_class=Response,
        responses={
            200: docs.json_response("A JSON Schema (draft 2020-12).", {"type": "object"}),
            **docs.problem_responses(404),
        },
    )
    def schema(name: str) -> Response:
        """Return a published JSON Schema, by file name (``.schema.json`` may be left out)."""
        schemas = _schemas()
        text = schemas.get(name) or schemas.get(f"{name}.schema.json")
        if text is None:  # 404, naming the schemas there are
            known = ", ".join(sorted(schemas))
            raise Refused(404, worded(Problem("no_such_schema", "/path/name", "", known, name)))
        return Response(text, media_type=_JSON)


def _scoring_routes(service: FastAPI, limits: Limits) -> None:
    """The routes that score: evaluate, a cohort, compare, simulate, verify."""
    seconds = limits.request_seconds

    @service.post(
        "/evaluate",
        response_class=Response,
        openapi_extra=docs.SUBMISSION_BODY,
        responses={
            200: docs.json_response(
                "The evaluation, as Evaluation.to_json() writes it.", docs.ref("Evaluation")
            ),
            **docs.problem_responses(400, 404, 413, 422, 503),
        },
    )
    async def evaluate_submission(request: Request, regulation: RegulationQuery = None) -> Response:
        """Score one submission; the answer's body is ``Evaluation.to_json()``."""
        raw = await read_body(request, limits.max_body_bytes)
        body = await run_limited(seconds, evaluation_job, raw, regulation, limits.max_body_bytes)
        return Response(body, media_type=_JSON)

    @service.post(
        "/evaluate/cohort",
        response_class=StreamingResponse,
        openapi_extra=docs.COHORT_BODY,
        responses={
            200: {
                "description": "One Evaluation.to_json(indent=None) line per region, "
                "in input order.",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            },
            **docs.problem_responses(400, 404, 413, 422, 503),
        },
    )
    async def evaluate_cohort(request: Request, regulation: RegulationQuery = None) -> Response:
        """Score a cohort; the answer is JSON Lines, one evaluation a line, in input order."""
        raw = await read_body(request, limits.max_cohort_bytes)
        media_type = request.headers.get("content-type")
        done = await run_limited(
            seconds, cohort_job, raw, media_type, regulation, limits.max_regions
        )
        headers = warning_headers(done.notices, _lang(request))
        return StreamingResponse(_lines(done.evaluations), media_type=NDJSON, headers=headers)

    @service.post(
        "/compare",
        response_class=Response,
        openapi_extra=docs.COHORT_BODY,
        responses={
            200: docs.json_response(
                "kkpham compare --json's answer: one comparison per submission.",
                {"type": "array", "items": docs.ref("Comparison")},
            ),
            **docs.problem_responses(400, 404, 413, 422, 503),
        },
    )
    async def compare_submissions(
        request: Request,
        regulation: Annotated[
            list[str] | None,
            Query(
                description="a regulation to compare under; repeat for several, the first is "
                "the baseline (default: every installed one)"
            ),
        ] = None,
    ) -> Response:
        """Compare submissions across regulations (as ``kkpham compare --json``)."""
        raw = await read_body(request, limits.max_body_bytes)
        media_type = request.headers.get("content-type")
        body, notices = await run_limited(
            seconds, compare_job, raw, media_type, regulation or [], limits.max_regions
        )
        headers = warning_headers(notices, _lang(request))
        return Response(body, media_type=_JSON, headers=headers)

    @service.post(
        "/simulate",
        response_class=Response,
        openapi_extra=docs.SIMULATION_BODY,
        responses={
            200: {
                "description": "The simulation summary (kkpham simulate's summary.json); with "
                "?download=csv its regions.csv, with ?download=xlsx that as a workbook.",
                "content": {
                    _JSON: {"schema": docs.ref("Simulation")},
                    "text/csv": {"schema": {"type": "string"}},
                    XLSX: {"schema": {"type": "string", "format": "binary"}},
                },
            },
            **docs.problem_responses(400, 413, 415, 422, 503),
        },
    )
    async def simulate_variants(
        request: Request,
        download: Annotated[
            Download | None,
            Query(description="csv or xlsx: the regions table instead of the summary"),
        ] = None,
    ) -> Response:
        """Run what-if variants over a cohort (as ``kkpham simulate``)."""
        raw = await read_body(request, limits.max_cohort_bytes)
        given = await simulation_input(request, raw)
        body = await run_limited(seconds, simulate_job, given, download, limits.max_regions)
        if download == "csv":
            csv = "text/csv; charset=utf-8"
            return Response(body, media_type=csv, headers=_attachment("regions.csv"))
        if download == "xlsx":
            return Response(body, media_type=XLSX, headers=_attachment("regions.xlsx"))
        return Response(body, media_type=_JSON)

    @service.post(
        "/verify",
        response_class=Response,
        openapi_extra=docs.AUDIT_RECORD_BODY,
        responses={
            200: docs.json_response(
                "kkpham verify --json's answer, reproduced or not.", docs.ref("Verification")
            ),
            **docs.problem_responses(400, 413, 422, 503),
        },
    )
    async def verify_record(
        request: Request,
        trusted: Annotated[
            list[str] | None,
            Query(
                description="a public key the signature must be made with, as a line of a "
                "`kkpham keys new` .pub file (`ed25519 <base64 key> [key id]`), url-encoded; "
                "repeated for several. With any, only a record signed by one of them verifies."
            ),
        ] = None,
    ) -> Response:
        """Re-compute an audit record (as ``kkpham verify --json``), reproduced or not."""
        keys = _trusted_keys(trusted) if trusted is not None else None
        raw = await read_body(request, limits.max_body_bytes)
        return Response(await run_limited(seconds, verify_job, raw, keys), media_type=_JSON)


def _trusted_keys(lines: Sequence[str]) -> list[PublicKey]:
    """Return the public keys of ``?trusted=`` lines; every line that is not one is refused.

    Each problem is placed by its parameter (``/query/trusted/1``) alone: a
    query value has no line of a file to name, and an empty one is a value
    that is not a key, not a key file without keys.
    """
    import attrs

    from .errors import KeyFileError
    from .signing import parse_public_keys

    keys: list[PublicKey] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines):
        try:
            keys += parse_public_keys(line, f"trusted {number}")
        except KeyFileError as error:
            for problem in error.problems:
                if problem.code == "no_trusted_keys":
                    shown = json.dumps(line, ensure_ascii=False)
                    problem = worded(attrs.evolve(problem, code="not_a_public_key", received=shown))
                placed = attrs.evolve(problem, location=None).under("query", "trusted", number)
                problems.append(placed)
    if problems:
        raise InputError("a trusted key is not a public key", problems)
    return keys


app = create_app()
"""The service with its settings from the environment (``uvicorn kkpham_rules.service:app``)."""

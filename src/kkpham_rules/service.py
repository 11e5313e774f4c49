"""KKPHAM over HTTP: a read-only JSON service over the library (``kkpham serve``).

The ASGI application is :data:`app` (``uvicorn kkpham_rules.service:app``), or
one built with other settings by :func:`create_app`. It answers with the same
models and the same bytes as the library and the command line:

==========================  ====================================================
``GET /healthz``            ``{"status": "ok"}`` while the service runs
``GET /version``            the installed kkpham-rules version
``GET /regulations``        the installed regulations (as ``kkpham regulations --json``)
``GET /regulations/{id}``   what one regulation declares (as ``kkpham show --json``);
                            an alias with a slash is url-encoded: ``22%2F2021``
``POST /evaluate``          one submission as the JSON body, ``?regulation=`` optional;
                            the body of the answer is ``Evaluation.to_json()``
``GET /schemas/{name}``     a published JSON Schema (``submission.schema.json``...)
==========================  ====================================================

Errors are ``application/problem+json`` (RFC 9457): ``type``, ``title``,
``status``, ``detail``, plus ``problems``, the library's
:class:`~kkpham_rules.errors.Problem` list, each with its ``localized_message``
(:func:`kkpham_rules.messages.render`) in the language ``Accept-Language``
asks for (``id`` or ``en``; Indonesian by default, as on the command line).
Anything a client sends is answered with a 4xx status, never a traceback: 400
for a body that is not JSON, 404 for an unknown regulation or path, 413 for a
body over the limit, 422 for a submission that cannot be scored.

Why FastAPI on uvicorn: the library's models are pydantic models, which
FastAPI turns into the OpenAPI document (``schemas/openapi.json``) without a
second description of them; Starlette underneath gives plain ASGI request and
response objects, so a body is read as raw bytes and parsed by the library's own
reader (exact decimals, no duplicate keys, the same problems), and an
evaluation is sent as the exact bytes ``to_json()`` writes. uvicorn is the
reference ASGI server FastAPI documents.

This module imports FastAPI at import time: nothing else in the library imports
it, so ``import kkpham_rules`` and ``kkpham evaluate`` stay light.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ._json import json_text
from ._safe_yaml import MAX_BYTES
from ._version import __version__
from .errors import (
    InputError,
    KkphamError,
    PluginError,
    Problem,
    RegulationNotFoundError,
)
from .messages import Lang, headline, render

__all__ = ["MAX_BODY_VARIABLE", "PROBLEM_JSON", "app", "create_app", "request_lang"]

PROBLEM_JSON = "application/problem+json"
"""The media type of every error answer (RFC 9457)."""

MAX_BODY_VARIABLE = "KKPHAM_MAX_BODY_BYTES"
"""The environment variable that sets :data:`app`'s body limit in bytes (default 5 MB)."""

CORS_VARIABLE = "KKPHAM_CORS_ORIGINS"
"""Comma-separated origins :data:`app` allows cross-origin reads from; unset, no CORS."""

_JSON = "application/json"

_TITLES: dict[int, str] = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "problems"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "lang": {"enum": ["id", "en"]},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "pointer", "message", "localized_message"],
                "properties": {
                    name: {"type": "string"}
                    for name in (
                        "code",
                        "pointer",
                        "message",
                        "expected",
                        "received",
                        "location",
                        "localized_message",
                    )
                },
            },
        },
    },
}


def _problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the OpenAPI answers for error statuses: problem+json, each."""
    schema = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        status: {"description": _TITLES[status], "content": {PROBLEM_JSON: schema}}
        for status in statuses
    }


def _json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {_JSON: {"schema": schema}}}


# --- the language and the error answers -------------------------------------------------------


def request_lang(accept_language: str | None) -> Lang:
    """Return the message language an ``Accept-Language`` header prefers: ``id`` or ``en``.

    Tags are taken by their ``q`` weight, the first of ``id`` or ``en`` wins;
    without either (or without the header) the answer is Indonesian.

    >>> request_lang("en-GB,en;q=0.9"), request_lang("fr, id;q=0.5"), request_lang(None)
    ('en', 'id', 'id')
    """
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        found = re.search(r"q\s*=\s*([^;\s]*)", params)
        if found:
            try:
                weight = float(found.group(1))
            except ValueError:
                weight = 0.0  # a malformed weight counts for nothing, as RFC 9110 allows
        ranked.append((-weight, order, tag.strip().lower().split("-")[0]))
    for weight, _order, language in sorted(ranked):
        if weight < 0 and language in ("id", "en"):
            return "en" if language == "en" else "id"
    return "id"


def _problem(
    status: int, code: str, detail: str, problems: Sequence[Problem], lang: Lang
) -> Response:
    body = {
        "type": f"urn:kkpham-rules:problem:{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "lang": lang,
        "problems": [
            {**problem.to_dict(), "localized_message": render(problem, lang)}
            for problem in problems
        ],
    }
    return Response(json_text(body), status_code=status, media_type=PROBLEM_JSON)


def _error_status(error: KkphamError) -> int:
    problems: Sequence[Problem] = getattr(error, "problems", ())
    if isinstance(error, RegulationNotFoundError) or any(
        p.code == "no_such_resource" for p in problems
    ):
        return 404
    if isinstance(error, PluginError):
        return 503  # the server's installation is broken, not the request
    if any(p.code == "too_large" for p in problems):
        return 413
    return 422


def _error_answer(error: KkphamError, lang: Lang) -> Response:
    problems: Sequence[Problem] = getattr(error, "problems", ())
    return _problem(_error_status(error), error.code, headline(error, lang), problems, lang)


class _Refused(Exception):
    """A request refused before the library sees it (a body too large, not JSON)."""

    def __init__(self, status: int, code: str, detail: str, problem: Problem) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.problem = status, code, detail, problem


# --- the application ----------------------------------------------------------------------------


@cache
def _schemas() -> dict[str, str]:
    from .schemas import generate_schemas, schema_text

    return {name: schema_text(schema) for name, schema in generate_schemas().items()}


async def _body(request: Request, max_bytes: int) -> bytes:
    """Return the request's body, refused (413) as soon as it passes ``max_bytes``."""
    too_large = _Refused(
        413,
        "too_large",
        f"the body is larger than {max_bytes} bytes",
        Problem("too_large", "", "the body is too large", f"at most {max_bytes} bytes"),
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large  # refused before reading a byte of it
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _evaluation_bytes(raw: bytes, regulation: str | None, max_bytes: int) -> bytes:
    from ._documents import DocumentProblem, read_json
    from .engine import evaluate

    try:
        data = read_json(raw, max_bytes)
    except DocumentProblem as error:
        problem = error.problem
        raise _Refused(400, "not_json", "the body is not a JSON document", problem) from error
    return evaluate(data, regulation).to_json().encode("utf-8")


def create_app(
    *, max_body_bytes: int | None = None, cors_origins: Sequence[str] | None = None
) -> FastAPI:
    """Return the service as an ASGI application.

    ``max_body_bytes`` bounds a request body (default: the ``KKPHAM_MAX_BODY_BYTES``
    environment variable, else 5 MB, the library's limit for one submission);
    ``cors_origins`` allows cross-origin reads from those origins (default:
    ``KKPHAM_CORS_ORIGINS``, comma-separated; unset, no CORS headers at all).
    """
    if max_body_bytes is None:
        max_body_bytes = int(os.environ.get(MAX_BODY_VARIABLE) or MAX_BYTES)
    if cors_origins is None:
        origins = os.environ.get(CORS_VARIABLE, "")
        cors_origins = [origin.strip() for origin in origins.split(",") if origin.strip()]
    limit = max_body_bytes
    service = FastAPI(
        title="kkpham-rules",
        version=__version__,
        description="Score Kabupaten/Kota Peduli HAM submissions under a regulation version.",
    )
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        service.add_middleware(
            CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"]
        )

    @service.exception_handler(KkphamError)
    async def library_error(request: Request, error: Exception) -> Response:
        lang = request_lang(request.headers.get("accept-language"))
        assert isinstance(error, KkphamError)  # registered for it alone
        return _error_answer(error, lang)

    @service.exception_handler(_Refused)
    async def refused(request: Request, error: Exception) -> Response:
        lang = request_lang(request.headers.get("accept-language"))
        assert isinstance(error, _Refused)  # registered for it alone
        # the detail is the problem's own sentence, in the language asked for
        detail = render(error.problem, lang)
        return _problem(error.status, error.code, detail, [error.problem], lang)

    @service.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        # Starlette's own answers (no such path, wrong method) in the same shape
        lang = request_lang(request.headers.get("accept-language"))
        assert isinstance(error, StarletteHTTPException)  # registered for it alone
        status = error.status_code
        code = "method_not_allowed" if status == 405 else "no_such_resource"
        problem = Problem(code, "", str(error.detail), received=request.url.path)
        response = _problem(status, code, str(error.detail), [problem], lang)
        response.headers.update(error.headers or {})
        return response

    @service.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        # a bug in kkpham-rules: the client sees that it is one, never the traceback
        lang = request_lang(request.headers.get("accept-language"))
        detail = f"internal error ({type(error).__name__}): a bug in kkpham-rules"
        return _problem(500, "internal_error", detail, [], lang)

    problems_4xx = _problem_responses(404)

    @service.get(
        "/healthz",
        response_class=Response,
        responses={200: _json_response("The service runs.", {"type": "object"})},
    )
    async def healthz() -> Response:
        """Say that the service runs."""
        return Response(json_text({"status": "ok"}), media_type=_JSON)

    @service.get(
        "/version",
        response_class=Response,
        responses={200: _json_response("The installed version.", {"type": "object"})},
    )
    async def version() -> Response:
        """Return the installed kkpham-rules version."""
        return Response(json_text({"version": __version__}), media_type=_JSON)

    @service.get(
        "/regulations",
        response_class=Response,
        responses={200: _json_response("The installed regulations.", {"type": "object"})},
    )
    def regulations() -> Response:
        """List the installed regulations (as ``kkpham regulations --json``)."""
        from .describe import regulation_listing
        from .registry import default_registry

        return Response(json_text(regulation_listing(default_registry())), media_type=_JSON)

    @service.get(
        "/regulations/{regulation_id:path}",
        response_class=Response,
        responses={
            200: _json_response("What the regulation declares.", {"type": "object"}),
            **problems_4xx,
        },
    )
    def regulation(regulation_id: str) -> Response:
        """Return what one regulation declares (as ``kkpham show --json``)."""
        from .describe import describe_regulation
        from .registry import default_registry

        found = default_registry().get(regulation_id)
        return Response(json_text(describe_regulation(found)), media_type=_JSON)

    @service.post(
        "/evaluate",
        response_class=Response,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Submission"}}},
            }
        },
        responses={
            200: _json_response(
                "The evaluation, as Evaluation.to_json() writes it.",
                {"$ref": "#/components/schemas/Evaluation"},
            ),
            **_problem_responses(400, 404, 413, 422),
        },
    )
    async def evaluate_submission(
        request: Request,
        regulation: str | None = Query(
            None, description="regulation id or alias (id[@revision]); default: the one in force"
        ),
    ) -> Response:
        """Score one submission; the answer's body is ``Evaluation.to_json()``."""
        raw = await _body(request, limit)
        # scoring is CPU work: off the event loop, so health checks keep answering
        body = await run_in_threadpool(_evaluation_bytes, raw, regulation, limit)
        return Response(body, media_type=_JSON)

    @service.get(
        "/schemas/{name}",
        response_class=Response,
        responses={
            200: _json_response("A JSON Schema (draft 2020-12).", {"type": "object"}),
            **problems_4xx,
        },
    )
    def schema(name: str) -> Response:
        """Return a published JSON Schema, by file name (``.schema.json`` may be left out)."""
        schemas = _schemas()
        text = schemas.get(name) or schemas.get(f"{name}.schema.json")
        if text is None:
            known = ", ".join(sorted(schemas))
            raise InputError(
                f"no schema is called {name!r} (published: {known})",
                [Problem("no_such_resource", "", f"published: {known}", known, name)],
            )
        return Response(text, media_type=_JSON)

    def openapi() -> dict[str, Any]:
        if service.openapi_schema is None:
            document = get_openapi(
                title=service.title,
                version=service.version,
                description=service.description,
                routes=service.routes,
            )
            document.setdefault("components", {}).setdefault("schemas", {}).update(_components())
            service.openapi_schema = document
        return service.openapi_schema

    service.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
    from .page import mount_page  # the page for people at /, beside the JSON (kkpham_rules.page)

    mount_page(service, max_body_bytes=limit)
    return service


def _components() -> dict[str, Any]:
    """Return the OpenAPI components: Submission, Evaluation and their parts, and Problem."""
    from .result import Evaluation
    from .submission import Submission

    components: dict[str, Any] = {"Problem": _PROBLEM_SCHEMA}
    for model, mode in ((Submission, "validation"), (Evaluation, "serialization")):
        schema = model.model_json_schema(
            mode=mode,  # type: ignore[arg-type]  # pydantic types mode as a Literal
            by_alias=True,
            ref_template="#/components/schemas/{model}",
        )
        for part, definition in {**schema.pop("$defs", {}), model.__name__: schema}.items():
            if components.setdefault(part, definition) != definition:
                raise RuntimeError(f"two different OpenAPI schemas are called {part}")
    return components


app = create_app()
"""The service with its settings from the environment (``uvicorn kkpham_rules.service:app``)."""

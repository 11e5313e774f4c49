"""Error answers: ``application/problem+json`` (RFC 9457), in the language a request asks for.

Every error answer has the same shape: ``type``, ``title``, ``status``,
``detail``, ``lang`` and ``problems``, the library's
:class:`~kkpham_rules.errors.Problem` list, each with its ``localized_message``
(and, where it has a ``location``, its ``localized_place``)
(:func:`kkpham_rules.messages.render`). The status says whose move it is:

====  ============================================================================
400   the body cannot be read as data at all (not JSON, not UTF-8, not a form, a key
      given twice in one object)
401   a write without a valid API key
403   a write to a server that has no API keys configured
404   no such regulation, revision, schema or path
405   a method the path does not take
413   a body over the byte limit, or a cohort over the region limit
415   a ``POST /simulate`` body that is neither a form nor JSON
422   a readable body that cannot be used: every problem of every record listed
503   the work took longer than the time limit (``Retry-After``), a broken plugin, or an
      archive database that cannot be reached
====  ============================================================================
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._documents import worded
from .._json import json_text
from ..errors import KkphamError, PluginError, Problem, RegulationNotFoundError, json_pointer
from ..messages import Lang, headline, place, render

__all__ = [
    "NOT_FOUND",
    "PROBLEM_JSON",
    "PROBLEM_SCHEMA",
    "TITLES",
    "Refused",
    "answer_lang",
    "error_answer",
    "error_status",
    "problem_answer",
    "request_lang",
    "validation_problems",
    "warning_headers",
]

PROBLEM_JSON: Final = "application/problem+json"
"""The media type of every error answer (RFC 9457)."""

TITLES: Final[Mapping[int, str]] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
"""The RFC 9110 reason phrase of each status the service answers with."""

UNREADABLE: Final = frozenset(
    {"not_json", "not_utf8", "not_yaml", "too_deep", "not_a_workbook", "duplicate_key"}
)
"""Problem codes that mean a whole body could not be read as data: 400, not 422.

A key given twice is one of them: the JSON reader refuses the text before there
is any data to check (which of the two values was meant cannot be known).
"""

PROBLEM_SCHEMA: Final[Mapping[str, Any]] = {
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
                        "localized_place",
                    )
                },
            },
        },
    },
}
"""The OpenAPI schema of an error answer (``#/components/schemas/Problem``)."""


def request_lang(accept_language: str | None, default: Lang = "id") -> Lang:
    """Return the message language an ``Accept-Language`` header prefers: ``id`` or ``en``.

    Tags are taken by their ``q`` weight, the first of ``id`` or ``en`` wins;
    without either (or without the header) the answer is in ``default``: the
    server's language (``kkpham serve --lang``, ``KKPHAM_LANG``), else Indonesian.

    >>> request_lang("en-GB,en;q=0.9"), request_lang("fr, id;q=0.5"), request_lang(None)
    ('en', 'id', 'id')
    >>> request_lang("fr", default="en"), request_lang("id", default="en")
    ('en', 'id')
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
    return default


def answer_lang(request: Request) -> Lang:
    """Return the language to answer ``request`` in: its ``Accept-Language``, else the server's.

    The server's is the application's ``state.lang``
    (:func:`kkpham_rules.service.create_app`'s ``lang``); an application
    without one answers in Indonesian.
    """
    default: Lang = getattr(request.app.state, "lang", "id")
    return request_lang(request.headers.get("accept-language"), default)


def _problem_data(problem: Problem, lang: Lang) -> dict[str, str]:
    """Return a problem as JSON data, with its sentence and, if it has a location, its place.

    The place is the location in the reader's words (``baris 5, kolom hasil``);
    ``location`` itself stays as the library wrote it.
    """
    data = {**problem.to_dict(), "localized_message": render(problem, lang)}
    if problem.location:
        data["localized_place"] = place(problem, lang)
    return data


def problem_answer(
    status: int,
    code: str,
    detail: str,
    problems: Sequence[Problem],
    lang: Lang,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Return an ``application/problem+json`` answer listing ``problems`` in ``lang``."""
    body = {
        "type": f"urn:kkpham-rules:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "lang": lang,
        "problems": [_problem_data(problem, lang) for problem in problems],
    }
    return Response(
        json_text(body), status_code=status, media_type=PROBLEM_JSON, headers=dict(headers or {})
    )


class Refused(Exception):
    """A request the service refuses itself: a limit passed, a key missing, a body unreadable.

    ``detail`` is left to the answer: the problem's own sentence in the language asked for.
    """

    def __init__(
        self,
        status: int,
        problem: Problem,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(problem.message)
        self.status = status
        self.problem = problem
        self.headers: dict[str, str] = dict(headers or {})

    def answer(self, lang: Lang) -> Response:
        """Return the problem+json answer of this refusal, in ``lang``."""
        detail = render(self.problem, lang)
        return problem_answer(
            self.status, self.problem.code, detail, [self.problem], lang, self.headers
        )


NOT_FOUND: Final = frozenset({"regulation_not_found", "revision_not_found"})
"""The problems of a regulation that is not installed: 404, when they are all there is."""


def error_status(error: KkphamError) -> int:
    """Return the status that answers a library error (see the module's table).

    A regulation not found is 404 only when that is everything wrong: a request
    that also names a regulation twice, or a revision that is not a number, is
    422.
    """
    problems: Sequence[Problem] = getattr(error, "problems", ())
    if isinstance(error, RegulationNotFoundError) and all(p.code in NOT_FOUND for p in problems):
        return 404
    if any(p.code == "no_such_resource" for p in problems):
        return 404
    if isinstance(error, PluginError) or any(p.code == "database_unreachable" for p in problems):
        return 503  # the server's installation or its database is broken, not the request
    if any(p.code == "too_large" for p in problems):
        return 413
    if problems and all(p.code in UNREADABLE and not p.pointer for p in problems):
        return 400  # nothing could be read: the body is not data at all
    return 422


def error_answer(error: KkphamError, lang: Lang) -> Response:
    """Return the problem+json answer of a library error, every problem listed."""
    problems: Sequence[Problem] = getattr(error, "problems", ())
    return problem_answer(error_status(error), error.code, headline(error, lang), problems, lang)


def validation_problems(errors: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """Return one problem per error of a request's parameters (FastAPI's validation).

    The pointer names the parameter (``/query/format``); the code is pydantic's
    error type, which the message catalogue words for people.
    """
    problems = []
    for item in errors:
        context = item.get("ctx") or {}
        expected = context.get("expected")
        for key, sign in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            if key in context:
                expected = f"{sign} {context[key]}"
        received = item.get("input")
        problem = Problem(
            code=str(item.get("type", "invalid")),
            pointer=json_pointer(item.get("loc", ())),
            message="",  # the catalogue words it: never the validation library's sentence
            expected=None if expected is None else str(expected),
            received=None if received is None else repr(received),
        )
        problems.append(worded(problem))
    return problems


WARNINGS_SHOWN: Final = 20
"""How many reading warnings an answer's ``X-KKPHAM-Warnings`` header lists."""


def warning_headers(notices: Sequence[Problem], lang: Lang) -> dict[str, str]:
    """Return the headers that carry the warnings of reading a body (none: no headers).

    ``X-KKPHAM-Warning-Count`` is how many there were; ``X-KKPHAM-Warnings``
    lists the first :data:`WARNINGS_SHOWN` as JSON in ASCII (a header carries
    no other text), each as a problem of an error answer is.
    """
    if not notices:
        return {}
    listed = [
        {**notice.to_dict(), "localized_message": render(notice, lang)}
        for notice in notices[:WARNINGS_SHOWN]
    ]
    return {
        "X-KKPHAM-Warning-Count": str(len(notices)),
        "X-KKPHAM-Warnings": json.dumps(listed, ensure_ascii=True, separators=(",", ":")),
    }

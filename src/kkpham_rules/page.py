"""The page for people at ``/`` of the service: :func:`mount_page`.

``kkpham serve`` answers JSON for programs; policy and regional staff open
http://127.0.0.1:8000/ in a browser instead. The page is static HTML, CSS and
JavaScript modules (``kkpham_rules/web/``: no build step, no CDN, nothing
fetched from anywhere but this service) that call the service's own endpoints:
it scores one region (``POST /evaluate``) and runs what-if variants over a
cohort (``POST /simulate``). Its words are not written in the JavaScript: the
page reads them from :data:`kkpham_rules.messages.LABELS` (``GET /labels``),
the table the command line's ``--lang`` reads, and the problems it shows are
the service's ``localized_message``.

The routes here are for the page, not part of the service's API: they are
left out of the OpenAPI document.

==============================  ================================================
``GET /``                       the page (``web/index.html``)
``GET /page/{file}``            its scripts, style sheet and icon
``GET /labels?lang=id|en``      every label of :data:`~kkpham_rules.messages.LABELS`
                                in one language, ``{key: text}``
``POST /labels/warnings``       an evaluation's warnings (the body is
                                ``Evaluation.to_json()``) as sentences in the
                                ``?lang=`` asked for
==============================  ================================================

The page is sent with a Content-Security-Policy that allows scripts, styles
and requests from this service alone: data shown on the page is written as
text by its scripts, and the policy makes sure that even a slip there could not
run a script a file smuggled in.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from ._json import json_text
from ._safe_yaml import MAX_BYTES
from .errors import InputError, Problem
from .messages import LABELS, LANGS, Lang, render

__all__ = ["CONTENT_SECURITY_POLICY", "mount_page", "page_labels"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""What the page may load and run: its own files and requests to this service, nothing inline."""

_WEB = "web"
"""The folder of the page's files inside the package."""


def page_labels(lang: Lang) -> dict[str, str]:
    """Return every label of :data:`~kkpham_rules.messages.LABELS` in ``lang``, by key.

    >>> page_labels("en")["report.total"], page_labels("id")["report.total"]
    ('Total score', 'Nilai total')
    """
    chosen = 0 if lang == "id" else 1
    return {key: texts[chosen] for key, texts in LABELS.items()}


def _lang(value: str | None, request: Request) -> Lang:
    """Return the language ``?lang=`` names, else ``Accept-Language``'s, else the server's."""
    from ._service.answers import answer_lang

    if value is None:
        return answer_lang(request)
    if value not in LANGS:
        expected = " or ".join(repr(lang) for lang in LANGS)
        raise InputError(
            f"no language is called {value!r}",
            [Problem("literal_error", "/lang", "the page speaks id or en", expected, repr(value))],
        )
    return "en" if value == "en" else "id"


def _warnings(raw: bytes, lang: Lang) -> list[dict[str, str]]:
    """Return the warnings of an evaluation's JSON, each with its sentence in ``lang``."""
    from pydantic import ValidationError

    from ._documents import DocumentProblem, problems_from_validation, read_json
    from .result import Evaluation

    try:
        data = read_json(raw)
    except DocumentProblem as error:
        raise InputError("the body is not a JSON document", [error.problem]) from error
    try:
        evaluation = Evaluation.model_validate(data)
    except ValidationError as error:
        raise InputError(
            "the body is not an evaluation", problems_from_validation(error, data)
        ) from error
    return [
        {
            "code": warning.code,
            "pointer": warning.pointer,
            "localized_message": render(warning, lang, evaluation=evaluation),
        }
        for warning in evaluation.warnings
    ]


def mount_page(service: FastAPI, *, max_body_bytes: int = MAX_BYTES) -> None:
    """Add the page and the routes it reads (its labels, its files) to ``service``.

    ``max_body_bytes`` bounds a request body, as the service's own limit does.
    """
    page = files("kkpham_rules").joinpath(_WEB)
    index = page.joinpath("index.html").read_bytes()
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }

    @service.get("/", include_in_schema=False)
    def index_page() -> Response:
        """Return the page."""
        return Response(index, media_type="text/html; charset=utf-8", headers=headers)

    @service.get("/labels", include_in_schema=False)
    def labels(request: Request, lang: str | None = None) -> Response:
        """Return every label in one language (``?lang=``, else ``Accept-Language``)."""
        chosen = _lang(lang, request)
        body = json_text({"lang": chosen, "labels": page_labels(chosen)})
        return Response(body, media_type="application/json")

    @service.post("/labels/warnings", include_in_schema=False)
    async def warnings(request: Request, lang: str | None = None) -> Response:
        """Return the warnings of the evaluation in the body, as sentences in one language."""
        from starlette.concurrency import run_in_threadpool

        from ._service.limits import read_body  # the service's reader: the same 413

        chosen = _lang(lang, request)
        raw = await read_body(request, max_body_bytes)
        said = await run_in_threadpool(_warnings, raw, chosen)
        return Response(
            json_text({"lang": chosen, "warnings": said}), media_type="application/json"
        )

    service.mount(
        "/page", StaticFiles(packages=[("kkpham_rules", _WEB)], follow_symlink=False), "page"
    )

"""What ``POST /simulate`` takes: a multipart form, or the same fields as one JSON object.

The form (``multipart/form-data``; ``application/x-www-form-urlencoded`` for
the fields without files):

==============  ================================================================
part            what it holds
==============  ================================================================
``cohort``      a file of submissions (CSV, XLSX, JSON Lines or a JSON array),
                read by its file name's suffix, else its media type, else its
                content; or
``synthetic``   instead, a number of synthetic regions (1 to 100000), with
``seed``        the seed of the synthetic cohort (0 or more; default 0)
``variant``     one or more, each a variant (``kkpham-variant/1``) as YAML or
                JSON text, a file or a plain field
``regulation``  the base regulation (default: the variants' base, else the one
                in force)
==============  ================================================================

The JSON body (``application/json``) is :class:`SimulationRequest`: the same
fields, with ``variants`` a list of variant objects and ``cohort`` a list of
submissions. Both become one :class:`SimulationInput`, and one job runs it.

``synthetic`` and ``seed`` are whole numbers exactly: in JSON a number (not
``true``, not ``"5"``), in a form digits only (not ``1_0``, not ``5.0``);
nothing is converted on the client's behalf.
Problems are placed by the request's fields: ``/cohort/3/...``,
``/variants/0/changes/1``, ``/synthetic``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Final

from attrs import frozen
from pydantic import Field, Strict, ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Message

from .._documents import DocumentProblem, problems_from_validation, read_json, worded
from .._models import Frozen
from ..errors import InputError, Problem
from .answers import Refused

__all__ = [
    "FORM_PARTS",
    "SimulationInput",
    "SimulationRequest",
    "Upload",
    "simulation_input",
]

FORM_PARTS: Final = ("cohort", "synthetic", "seed", "variant", "regulation")
"""The parts a simulation form may have."""

_SCALARS: Final = ("synthetic", "seed", "regulation")
"""The parts given at most once, as text."""

_WHOLE_NUMBERS: Final = ("synthetic", "seed")
"""The parts that hold a whole number, written in digits."""

_DIGITS: Final = re.compile(r"-?[0-9]+")

_Whole = Annotated[int, Strict()]
"""A whole number as JSON writes one: ``true``, ``"5"`` and ``5.0`` are refused, not converted."""


class SimulationRequest(Frozen):
    """What ``POST /simulate`` takes as JSON (a form has the same fields)."""

    regulation: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The base regulation (id or alias, @revision optional); default: the "
        "variants' base, else the one in force.",
    )
    # plain objects here: load_variant and the submission reader check them, with
    # their own problems (the OpenAPI document names their schemas)
    variants: list[dict[str, Any]] = Field(
        default_factory=list, description="Variants (kkpham-variant/1), as objects."
    )
    cohort: list[dict[str, Any]] | None = Field(
        default=None, description="The submissions; or give synthetic instead."
    )
    synthetic: _Whole | None = Field(
        default=None, ge=1, le=100_000, description="A synthetic cohort of this many regions."
    )
    seed: _Whole = Field(default=0, ge=0, description="The synthetic cohort's seed.")


@frozen
class Upload:
    """A file a form carried: its name (for messages and its suffix), content and media type."""

    name: str
    content: bytes
    media_type: str | None


@frozen
class SimulationInput:
    """A simulation request, however it came: what the simulation job runs."""

    regulation: str | None
    cohort: Upload | Sequence[Mapping[str, Any]] | None
    synthetic: int | None
    seed: int
    variants: tuple[bytes | Mapping[str, Any], ...]


async def simulation_input(request: Request, raw: bytes) -> SimulationInput:
    """Return the simulation ``raw`` asks for, read as its ``Content-Type`` says.

    Raises :class:`~kkpham_rules.errors.InputError` listing every problem of
    the fields, or refuses a body that is not a form or JSON (415) or cannot be
    parsed (400).
    """
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        return _from_json(raw)
    if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await _form(request, raw)
        try:
            return await _from_form(form)
        finally:
            await form.close()  # the spooled files of the parts
    expected = "multipart/form-data or application/json"
    raise Refused(415, worded(Problem("unsupported_media_type", "", "", expected, media or None)))


def _checked(data: Any) -> SimulationRequest:
    try:
        return SimulationRequest.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, data, SimulationRequest)
        raise InputError(
            f"the simulation request has {len(problems)} problem(s)", problems
        ) from error


def _from_json(raw: bytes) -> SimulationInput:
    try:
        data = read_json(raw, len(raw) + 1)  # the body's size was bounded when it was read
    except DocumentProblem as error:
        raise Refused(400, error.problem) from error
    given = _checked(data)
    return SimulationInput(
        regulation=given.regulation,
        cohort=given.cohort,
        synthetic=given.synthetic,
        seed=given.seed,
        variants=tuple(given.variants),
    )


async def _form(request: Request, raw: bytes) -> FormData:
    """Return the form in ``raw`` (the body already read within its limit)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:  # Starlette asks once more only to hear of a disconnect
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    try:
        return await Request(request.scope, replay).form(
            max_files=1000, max_fields=1000, max_part_size=len(raw) + 1
        )
    except HTTPException as error:  # Starlette's answer to a form it cannot parse
        raise Refused(400, worded(Problem("bad_form", "", "", "multipart/form-data"))) from error


async def _content(value: UploadFile | str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return await value.read()


async def _from_form(form: FormData) -> SimulationInput:
    problems: list[Problem] = []
    for name in dict.fromkeys(form.keys()):
        if name not in FORM_PARTS:
            problems.append(
                worded(Problem("extra_forbidden", f"/{name}", "", ", ".join(FORM_PARTS)))
            )
    scalars: dict[str, str] = {}
    for name in _SCALARS:
        values = form.getlist(name)
        if len(values) > 1:
            problems.append(worded(Problem("repeated_field", f"/{name}", "", "one value")))
        if any(isinstance(value, UploadFile) for value in values):
            text = b"".join([await _content(value) for value in values[:1]])
            values = [text.decode("utf-8", errors="replace")]
        if values and str(values[0]).strip():
            scalars[name] = str(values[0]).strip()
    cohorts = form.getlist("cohort")
    if len(cohorts) > 1:
        problems.append(worded(Problem("repeated_field", "/cohort", "", "one file")))
    try:
        given = _checked(_whole_numbers(scalars, problems))
    except InputError as error:
        problems += error.problems
        given = None
    if problems:
        raise InputError(f"the simulation form has {len(problems)} problem(s)", problems)
    assert given is not None  # no problems: the fields were checked
    cohort: Upload | None = None
    if cohorts:
        first = cohorts[0]
        named = first.filename if isinstance(first, UploadFile) else None
        media = first.content_type if isinstance(first, UploadFile) else None
        cohort = Upload(named or "cohort", await _content(first), media)
    variants = tuple([await _content(value) for value in form.getlist("variant")])
    return SimulationInput(
        regulation=given.regulation,
        cohort=cohort,
        synthetic=given.synthetic,
        seed=given.seed,
        variants=variants,
    )


def _whole_numbers(fields: Mapping[str, str], problems: list[Problem]) -> dict[str, str | int]:
    """Return a form's fields with its whole numbers read; one not in plain digits is a problem.

    Only ASCII digits (and a leading minus, which the range check then words)
    make a number: ``1_0``, ``+5`` and full-width digits, which Python's ``int``
    would take, are refused here as in JSON, and so is ``5.0``.
    """
    read: dict[str, str | int] = {}
    for name, text in fields.items():
        if name not in _WHOLE_NUMBERS:
            read[name] = text
            continue
        try:
            if not _DIGITS.fullmatch(text):
                raise ValueError(text)
            read[name] = int(text)
        except ValueError:  # not digits, or more of them than Python converts
            shown = json.dumps(text, ensure_ascii=False)
            problems.append(worded(Problem("int_parsing", f"/{name}", "", "an integer", shown)))
    return read

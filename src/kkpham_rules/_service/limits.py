"""The service's limits, the request body read within them, and work bounded in time.

Each limit is a :func:`kkpham_rules.service.create_app` keyword and an
environment variable (the keyword wins):

===========================  =========  =================================================
variable                     default    what it bounds
===========================  =========  =================================================
``KKPHAM_MAX_BODY_BYTES``    5 MB       a one-document body (``/evaluate``, ``/compare``,
                                        ``/verify``); answered 413
``KKPHAM_MAX_COHORT_BYTES``  64 MB      a cohort upload (``/evaluate/cohort``,
                                        ``/simulate``); answered 413
``KKPHAM_MAX_REGIONS``       20000      the regions of one request; answered 413
``KKPHAM_REQUEST_SECONDS``   60         the work of one request; answered 503 with
                                        ``Retry-After``
===========================  =========  =================================================

Too many regions is 413 (Content Too Large), not 422: the cohort is valid, only
larger than this server takes (RFC 9110: "larger than the server is willing or
able to process"), and a client meets it the way it meets the byte limit, by
splitting the upload.

Too slow is 503 (Service Unavailable) with ``Retry-After``, not 408 or 504: 408
is for a server that gave up *waiting for the request*, and 504 for a gateway
whose upstream did not answer; here the request came whole and this server
declined to go on with it within its own budget, a statement about its
capacity now (two cores may be busy with other requests), which a later try
may find free.

**What a time limit does to the work.** A Python thread cannot be stopped from
outside. The work runs in a worker thread; at the limit the client is answered
503 at once, and the thread is abandoned. Where the library offers a hook (after
each region of a cohort, after each chunk of variants of a simulation) the
thread checks the same deadline and stops there; inside one library call
without such a hook (reading a large workbook) it runs on to the end of that
call, holding its memory, and its result is thrown away. Abandoned threads no
longer count against the thread pool's limit (anyio's, 40 by default), so the
limits on bytes and regions are what bound the work a request can leave behind.
"""

from __future__ import annotations

import functools
import math
import os
import time
from collections.abc import Callable, Mapping
from typing import Concatenate, Final, ParamSpec, TypeVar

import anyio
import anyio.to_thread
from attrs import frozen
from starlette.requests import Request

from .._safe_yaml import MAX_BYTES
from ..errors import InputError, Problem
from .answers import Refused

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_COHORT_BYTES",
    "DEFAULT_MAX_REGIONS",
    "DEFAULT_REQUEST_SECONDS",
    "MAX_BODY_VARIABLE",
    "MAX_COHORT_BODY_VARIABLE",
    "MAX_REGIONS_VARIABLE",
    "REQUEST_SECONDS_VARIABLE",
    "Deadline",
    "Limits",
    "TimeLimitReached",
    "check_regions",
    "read_body",
    "run_limited",
]

MAX_BODY_VARIABLE: Final = "KKPHAM_MAX_BODY_BYTES"
"""The environment variable of :attr:`Limits.max_body_bytes`."""

MAX_COHORT_BODY_VARIABLE: Final = "KKPHAM_MAX_COHORT_BYTES"
"""The environment variable of :attr:`Limits.max_cohort_bytes`."""

MAX_REGIONS_VARIABLE: Final = "KKPHAM_MAX_REGIONS"
"""The environment variable of :attr:`Limits.max_regions`."""

REQUEST_SECONDS_VARIABLE: Final = "KKPHAM_REQUEST_SECONDS"
"""The environment variable of :attr:`Limits.request_seconds`."""

DEFAULT_MAX_BODY_BYTES: Final = MAX_BYTES
"""5 MB: the library's own limit for one submission file."""

DEFAULT_MAX_COHORT_BYTES: Final = 64 * 1024 * 1024
"""64 MB: a JSON Lines cohort of 20,000 regions is about 20 MB, a CSV file less."""

DEFAULT_MAX_REGIONS: Final = 20_000
"""Forty times the 514 kabupaten/kota: several years or variants of the whole country."""

DEFAULT_REQUEST_SECONDS: Final = 60.0
"""A minute: 20,000 regions are read and scored in a few seconds on one core."""


@frozen
class Limits:
    """The limits one service answers within (see the module's table)."""

    max_body_bytes: int
    """The largest one-document body (``/evaluate``, ``/compare``, ``/verify``), in bytes."""

    max_cohort_bytes: int
    """The largest cohort upload (``/evaluate/cohort``, ``/simulate``), in bytes."""

    max_regions: int
    """The most regions one request may hold (a synthetic cohort's included)."""

    request_seconds: float
    """The longest one request's work may take, in seconds."""

    @classmethod
    def from_settings(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        max_body_bytes: int | None = None,
        max_cohort_bytes: int | None = None,
        max_regions: int | None = None,
        request_seconds: float | None = None,
    ) -> Limits:
        """Return the limits given, else set in ``environ`` (the process's), else the defaults.

        Raises :class:`~kkpham_rules.errors.InputError` naming every setting
        that is not a positive number (``bad_setting``).
        """
        environ = os.environ if environ is None else environ
        problems: list[Problem] = []

        def whole(given: int | None, variable: str, default: int) -> int:
            value = _setting(given, environ.get(variable), variable, default, problems)
            if value != int(value):
                problems.append(_bad_setting(variable, f"{value:g}", "an integer"))
            return int(value)

        limits = cls(
            max_body_bytes=whole(max_body_bytes, MAX_BODY_VARIABLE, DEFAULT_MAX_BODY_BYTES),
            max_cohort_bytes=whole(
                max_cohort_bytes, MAX_COHORT_BODY_VARIABLE, DEFAULT_MAX_COHORT_BYTES
            ),
            max_regions=whole(max_regions, MAX_REGIONS_VARIABLE, DEFAULT_MAX_REGIONS),
            request_seconds=_setting(
                request_seconds,
                environ.get(REQUEST_SECONDS_VARIABLE),
                REQUEST_SECONDS_VARIABLE,
                DEFAULT_REQUEST_SECONDS,
                problems,
            ),
        )
        if problems:
            raise InputError("the service's limits are not usable", problems)
        return limits


def _bad_setting(variable: str, value: str, expected: str) -> Problem:
    return Problem("bad_setting", f"/{variable}", f"{variable} must be {expected}", expected, value)


def _setting(
    given: float | None,
    written: str | None,
    variable: str,
    default: float,
    problems: list[Problem],
) -> float:
    """Return a limit given as a keyword, else written in the environment, else ``default``."""
    if given is None and not (written or "").strip():
        return default
    value = given if given is not None else (written or "").strip()
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        problems.append(_bad_setting(variable, str(value), "> 0"))
        return default
    return number


async def read_body(request: Request, max_bytes: int) -> bytes:
    """Return the request's body, refused (413) as soon as it passes ``max_bytes``."""
    too_large = Refused(
        413, Problem("too_large", "", "the body is too large", f"at most {max_bytes} bytes")
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


def check_regions(count: int, max_regions: int, pointer: str = "") -> None:
    """Refuse (413) a request of more than ``max_regions`` regions."""
    if count > max_regions:
        problem = Problem(
            "too_many_regions",
            pointer,
            f"{count} regions, more than the {max_regions} this service takes at once",
            str(max_regions),
            str(count),
        )
        raise Refused(413, problem)


class TimeLimitReached(Exception):
    """The work of a request passed its deadline (raised in the worker thread)."""


@frozen
class Deadline:
    """When a request's work must be done, by the monotonic clock."""

    ends: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """Return the deadline ``seconds`` from now."""
        return cls(time.monotonic() + seconds)

    def check(self, *_progress: object) -> None:
        """Raise :class:`TimeLimitReached` once the deadline has passed.

        It takes and ignores any arguments, so that it can be given as a
        library function's ``progress`` callback.
        """
        if time.monotonic() >= self.ends:
            raise TimeLimitReached


_P = ParamSpec("_P")
_T = TypeVar("_T")


async def run_limited(
    seconds: float,
    job: Callable[Concatenate[Deadline, _P], _T],
    *args: _P.args,
    **kwargs: _P.kwargs,
) -> _T:
    """Return ``job(deadline, ...)`` run in a worker thread, or refuse (503) after ``seconds``.

    The job gets the deadline to check where it can (see the module's note on
    what a time limit does to a thread).
    """
    deadline = Deadline.after(seconds)
    work = functools.partial(job, deadline, *args, **kwargs)
    try:
        with anyio.fail_after(seconds):
            # abandoned at the limit: the client is answered now, the thread runs on
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except (TimeoutError, TimeLimitReached) as error:
        shown = f"{seconds:g}"
        problem = Problem("too_slow", "", f"the work took longer than {shown} seconds", shown, None)
        retry = str(max(1, math.ceil(seconds)))
        raise Refused(503, problem, {"Retry-After": retry}) from error

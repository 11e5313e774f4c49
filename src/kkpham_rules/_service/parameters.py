"""Query parameters: a parameter that takes one value is given once (:func:`one_value_each`).

Starlette keeps every value of a repeated parameter and FastAPI, asked for one,
takes the last: ``?regulation=34/2016&regulation=22/2021`` would be scored
under 22/2021 without a word. Which value was meant cannot be known, so the
request is refused (422, ``repeated_field`` at ``/query/<name>``), every such
parameter named at once. Parameters declared as lists (``/compare``'s
``regulation``, ``/verify``'s ``trusted``) take several, as documented.

One dependency of the whole application checks every route, the page's
included, reading what each route declares; no route repeats the check.
"""

from __future__ import annotations

import json
import types
from collections.abc import Sequence
from typing import Annotated, Any, Final, Union, get_args, get_origin

from fastapi import Query
from starlette.requests import Request

from .._documents import worded
from ..errors import InputError, Problem

__all__ = ["RegulationQuery", "one_value_each"]

RegulationQuery = Annotated[
    str | None,
    Query(description="regulation id or alias (id[@revision]); default: the one in force"),
]
"""``?regulation=``: the regulation one submission is scored under (one value)."""

_MANY: Final = (list, tuple, set, frozenset, Sequence)
"""The types a query parameter that takes several values is declared with."""


async def one_value_each(request: Request) -> None:
    """Refuse (422) a request that repeats a query parameter its route takes once.

    Raises :class:`~kkpham_rules.errors.InputError` with a ``repeated_field``
    problem at ``/query/<name>`` for each such parameter, its values received.
    """
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:  # not a FastAPI route (a mounted folder of files)
        return
    once = _one_value_parameters(dependant)
    problems = []
    for name in dict.fromkeys(request.query_params.keys()):
        values = request.query_params.getlist(name)
        if name in once and len(values) > 1:
            shown = json.dumps(values, ensure_ascii=False)
            problem = Problem("repeated_field", f"/query/{name}", "", "one value", shown)
            problems.append(worded(problem))
    if problems:
        raise InputError(f"the request has {len(problems)} problem(s)", problems)


def _one_value_parameters(dependant: Any) -> set[str]:
    """Return the names of the query parameters a route (and its dependencies) takes once."""
    names = {
        field.alias
        for field in dependant.query_params
        if not _takes_many(field.field_info.annotation)
    }
    for inner in dependant.dependencies:
        names |= _one_value_parameters(inner)
    return names


def _takes_many(annotation: Any) -> bool:
    """Return whether a parameter declared as ``annotation`` takes several values."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _takes_many(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return any(_takes_many(member) for member in get_args(annotation))
    return (origin or annotation) in _MANY

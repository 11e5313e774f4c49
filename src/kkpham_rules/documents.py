"""Reading JSON and YAML documents strictly, and reporting what is wrong.

Every failure becomes a list of :class:`~kkpham_rules.errors.Problem` with a
JSON pointer, so a client gets all problems of a document in one pass.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from .errors import Problem, json_pointer
from .safe_yaml import MAX_BYTES, YamlProblem, load_yaml

__all__ = [
    "DocumentProblem",
    "problems_from_validation",
    "read_bounded",
    "read_json",
    "read_yaml",
]


class DocumentProblem(ValueError):
    """A document could not be read as data at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _no_duplicates(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise DocumentProblem(
                Problem("duplicate_key", "", f"key {key!r} is given twice in one object")
            )
        mapping[key] = value
    return mapping


def _no_constants(name: str) -> NoReturn:
    raise DocumentProblem(
        Problem("not_a_number", "", f"{name} is not a number JSON allows", "a finite number", name)
    )


def read_bounded(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Return a file's bytes, refusing (without reading it all) one over ``max_bytes``.

    Raises :class:`DocumentProblem` for a file that cannot be read or is too large.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise DocumentProblem(
            Problem("unreadable_file", "", f"{error.strerror or error}: {path}")
        ) from error
    if len(data) > max_bytes:
        raise DocumentProblem(Problem("too_large", "", f"{path} is over {max_bytes} bytes"))
    return data


def read_json(text: str | bytes, max_bytes: int = MAX_BYTES) -> Any:
    """Return the data in a JSON text, with exact decimals for fractional numbers.

    Rejects duplicate keys, ``NaN``/``Infinity`` and texts over ``max_bytes``.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > max_bytes:
        raise DocumentProblem(
            Problem("too_large", "", f"document is {len(raw)} bytes; at most {max_bytes}")
        )
    try:
        return json.loads(
            raw,
            parse_float=Decimal,
            parse_constant=_no_constants,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        raise DocumentProblem(
            Problem(
                "not_json",
                "",
                f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            )
        ) from error
    except UnicodeDecodeError as error:
        raise DocumentProblem(Problem("not_utf8", "", f"not UTF-8 text: {error}")) from error
    except RecursionError as error:
        raise DocumentProblem(
            Problem("too_deep", "", "the document nests objects or arrays too deeply")
        ) from error
    except DocumentProblem:
        raise
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise DocumentProblem(
            Problem("not_a_number", "", f"not a usable number: {error}")
        ) from error


def read_yaml(text: str | bytes, max_bytes: int = MAX_BYTES, *, fast: bool = False) -> Any:
    """Return the data in a YAML text (see :mod:`kkpham_rules.safe_yaml`).

    ``fast=True`` is for data shipped in a package only (libyaml's parser).
    """
    try:
        return load_yaml(text, max_bytes, fast=fast)
    except RecursionError as error:
        raise DocumentProblem(
            Problem("too_deep", "", "the document nests mappings or lists too deeply")
        ) from error
    except YamlProblem as error:
        where = f" (line {error.line})" if error.line else ""
        raise DocumentProblem(Problem("not_yaml", "", f"{error}{where}")) from error


def problems_from_validation(error: ValidationError, document: Any) -> list[Problem]:
    """Return one :class:`Problem` per pydantic error, located by JSON pointer.

    pydantic's error locations also name union branches and discriminator
    tags, which are not part of the document; the location is therefore walked
    through ``document`` and only the steps that exist there are kept (plus a
    final missing field's name).
    """
    problems = []
    for item in error.errors(include_url=False):
        location = _document_path(item["loc"], document, item["type"] == "missing")
        received = item.get("input")
        problems.append(
            Problem(
                code=item["type"],
                pointer=json_pointer(location),
                message=item["msg"],
                expected=_expected(item["type"], item.get("ctx") or {}),
                received=None
                if item["type"] == "missing" or isinstance(received, dict | list)
                else _show(received),
            )
        )
    return problems


_EXPECTED = {
    "missing": "a value",
    "extra_forbidden": "no such key",
    "int_parsing": "an integer",
    "int_type": "an integer",
    "string_type": "a string",
    "bool_type": "true or false",
    "dict_type": "an object",
    "model_type": "an object",
    "list_type": "an array",
    "decimal_parsing": "a number",
    "decimal_type": "a number",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
}


def _expected(kind: str, context: dict[str, Any]) -> str | None:
    """Return what the document should have held, in words, from a pydantic error."""
    bounds = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
    for key, sign in bounds.items():
        if key in context:
            return f"{sign} {context[key]}"
    if "pattern" in context:
        return f"text matching {context['pattern']}"
    if "expected" in context:
        return str(context["expected"])
    if "min_length" in context:
        return f"at least {context['min_length']} item(s) or character(s)"
    if "max_length" in context:
        return f"at most {context['max_length']} item(s) or character(s)"
    return _EXPECTED.get(kind)


def _document_path(location: Sequence[str | int], document: Any, missing: bool) -> list[str | int]:
    path: list[str | int] = []
    node = document
    for index, part in enumerate(location):
        if _has_step(node, part):
            node = node[part]
            path.append(part)
        elif missing and index == len(location) - 1:
            path.append(part)
    return path


def _has_step(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _show(value: object) -> str:
    """Return a received value as JSON text (decimals written as numbers)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, Decimal):
        text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."

"""Reading JSON and YAML documents strictly, and reporting what is wrong.

Every failure becomes a list of :class:`~kkpham_rules.errors.Problem` with a
JSON pointer, so a client gets all problems of a document in one pass. A
problem's ``message`` is the English sentence of :mod:`kkpham_rules.messages`
(never the validation library's wording); :func:`kkpham_rules.messages.render`
gives it in Indonesian.
"""

from __future__ import annotations

import json
import types
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, Union, get_args, get_origin

import attrs
from pydantic import BaseModel, ValidationError

from ._safe_yaml import MAX_BYTES, YamlProblem, load_yaml
from .errors import Problem, json_pointer
from .rounding import MAX_ADJUSTED_EXPONENT, MAX_DIGITS, MIN_ADJUSTED_EXPONENT

__all__ = [
    "DocumentProblem",
    "problems_from_validation",
    "read_bounded",
    "read_head",
    "read_json",
    "read_yaml",
    "unreadable",
    "worded",
]


class DocumentProblem(ValueError):
    """A document could not be read as data at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def worded(problem: Problem) -> Problem:
    """Return ``problem`` with its English sentence from the message catalogue.

    The message it was made with is the detail the catalogue may quote.
    """
    from .messages import render  # only when something is wrong

    return attrs.evolve(problem, message=render(problem, "en"))


def _no_duplicates(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise DocumentProblem(worded(Problem("duplicate_key", "", "", received=_show(key))))
        mapping[key] = value
    return mapping


def _no_constants(name: str) -> NoReturn:
    raise DocumentProblem(worded(Problem("not_a_number", "", "", "a finite number", name)))


_READABLE: dict[type[OSError], str] = {
    # what a file that could not be read should have been, by the reason
    FileNotFoundError: "an existing file",
    PermissionError: "a file you may read",
    IsADirectoryError: "a file, not a folder",
}


def read_bounded(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Return a file's bytes, refusing (without reading it all) one over ``max_bytes``.

    Raises :class:`DocumentProblem` for a file that cannot be read or is too large.
    """
    data = read_head(path, max_bytes + 1)
    if len(data) > max_bytes:
        raise DocumentProblem(worded(Problem("too_large", "", "", f"at most {max_bytes} bytes")))
    return data


def read_head(path: Path, size: int) -> bytes:
    """Return a file's first ``size`` bytes (all of a shorter file).

    Raises :class:`DocumentProblem` for a file that cannot be read, saying why
    (not found, not allowed, a folder).
    """
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as error:
        raise unreadable(path, error) from error


def unreadable(path: Path, error: OSError) -> DocumentProblem:
    """Return the problem of a file that could not be opened or read, saying why."""
    wanted = _READABLE.get(type(error), "a readable file")
    return DocumentProblem(worded(Problem("unreadable_file", "", "", wanted, str(path))))


def read_json(text: str | bytes, max_bytes: int = MAX_BYTES) -> Any:
    """Return the data in a JSON text, with exact decimals for fractional numbers.

    Rejects duplicate keys, ``NaN``/``Infinity`` and texts over ``max_bytes``.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > max_bytes:
        raise DocumentProblem(
            worded(Problem("too_large", "", "", f"at most {max_bytes} bytes", f"{len(raw)} bytes"))
        )
    try:
        return json.loads(
            raw,
            parse_float=Decimal,
            parse_constant=_no_constants,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        from .messages import JSON_HINTS

        # json's own words stay out: what was expected there, and where
        hint = JSON_HINTS.get(error.msg)
        raise DocumentProblem(
            worded(
                Problem(
                    "not_json",
                    "",
                    "",
                    expected=None if hint is None else hint[0],
                    location=f"line {error.lineno}, column {error.colno}",
                )
            )
        ) from error
    except UnicodeDecodeError as error:
        raise DocumentProblem(worded(Problem("not_utf8", "", ""))) from error
    except RecursionError as error:
        raise DocumentProblem(worded(Problem("too_deep", "", ""))) from error
    except DocumentProblem:
        raise
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise DocumentProblem(worded(Problem("not_a_number", "", ""))) from error


def read_yaml(text: str | bytes, max_bytes: int = MAX_BYTES, *, fast: bool = False) -> Any:
    """Return the data in a YAML text (see :mod:`kkpham_rules.safe_yaml`).

    ``fast=True`` is for data shipped in a package only (libyaml's parser).
    """
    try:
        return load_yaml(text, max_bytes, fast=fast)
    except RecursionError as error:
        raise DocumentProblem(worded(Problem("too_deep", "", ""))) from error
    except YamlProblem as error:
        where = f" (line {error.line})" if error.line else ""
        location = f"line {error.line}" if error.line else None
        raise DocumentProblem(
            worded(Problem("not_yaml", "", f"{error}{where}", location=location))
        ) from error


def problems_from_validation(
    error: ValidationError, document: Any, model: type[BaseModel] | None = None
) -> list[Problem]:
    """Return one :class:`Problem` per pydantic error, located by JSON pointer.

    pydantic's error locations also name union branches and discriminator
    tags, which are not part of the document; the location is therefore walked
    through ``document`` and only the steps that exist there are kept (plus a
    final missing field's name). Given the ``model`` validated against, an
    unknown key's ``expected`` lists the keys known at its level, from which
    the message suggests the one probably meant.
    """
    problems = []
    for item in error.errors(include_url=False):
        kind = item["type"]
        location = _document_path(item["loc"], document, kind == "missing")
        received = item.get("input")
        context = item.get("ctx") or {}
        expected = _expected(kind, context)
        if kind == "extra_forbidden" and model is not None:
            known = _keys_at(model, item["loc"][:-1])
            expected = ", ".join(known) if known else expected
        if kind == "union_tag_invalid":  # a kind not known: the tag given, the kinds known
            location, received = _tag_of(location, document, context)
        problem = Problem(
            code=kind,
            pointer=json_pointer(location),
            # the detail the catalogue quotes: only our own validators' words
            message=str(context.get("error", "")) if kind == "value_error" else "",
            expected=expected,
            received=None
            if kind == "missing" or isinstance(received, dict | list)
            else _show(received),
        )
        problems.append(worded(problem))
    return problems


_EXPECTED = {
    "missing": "a value",
    "extra_forbidden": "no such key",
    "int_parsing": "an integer",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "string_type": "a string",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "list_type": "an array",
    "decimal_parsing": "a number",
    "decimal_type": "a number",
    "float_parsing": "a number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_type": "a date (YYYY-MM-DD)",
    "percent_type": "0 to 100",
    "percent_string": "0 to 100",
    "number_out_of_range": f"a number of at most {MAX_DIGITS} digits between "
    f"1e{MIN_ADJUSTED_EXPONENT} and 1e{MAX_ADJUSTED_EXPONENT + 1}",
}


def _tag_of(
    location: list[str | int], document: Any, context: dict[str, Any]
) -> tuple[list[str | int], Any]:
    """Return where a tagged union's tag is (its key, when the object has it) and the tag."""
    key = str(context.get("discriminator", "")).strip("'")
    node: Any = document
    for step in location:
        node = node[step]
    if isinstance(node, dict) and key in node:
        location = [*location, key]
    return location, context.get("tag")


def _expected(kind: str, context: dict[str, Any]) -> str | None:
    """Return what the document should have held, in words, from a pydantic error."""
    if kind == "union_tag_invalid":  # pydantic's "'a', 'b'": the names, as a list
        return str(context.get("expected_tags", "")).replace("'", "") or None
    bounds = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
    for key, sign in bounds.items():
        if key in context:
            return f"{sign} {context[key]}"
    if "pattern" in context:
        return f"text matching {context['pattern']}"
    if "expected" in context:
        return str(context["expected"])
    if "tag" in context and kind == "union_tag_not_found":
        return repr(context["tag"])
    unit = "character(s)" if kind.startswith("string_") else "item(s)"
    if "min_length" in context:
        return f"at least {context['min_length']} {unit}"
    if "max_length" in context:
        return f"at most {context['max_length']} {unit}"
    if "multiple_of" in context:
        return f"a multiple of {context['multiple_of']}"
    return _EXPECTED.get(kind)


def _keys_at(model: type[BaseModel], location: Sequence[str | int]) -> list[str]:
    """Return the keys the object at ``location`` may hold (empty if that is not a model)."""
    annotation: Any = model
    for step in location:
        annotation = _step(annotation, step)
        if annotation is None:
            return []
    annotation = _bare(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _bare(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _step(annotation: Any, step: str | int) -> Any:
    """Return the type one location step into ``annotation``, or ``None``.

    A step may also be pydantic's name for a union branch (a model's name, or a
    discriminator's tag): that step chooses the branch.
    """
    annotation = _bare(annotation)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [m for m in get_args(annotation) if m is not type(None)]
        for member in members:
            if _names_branch(_bare(member), step):
                return member
        for member in members:
            found = _step(member, step)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if step in (name, field.alias):
                return field.annotation
        return None
    if origin is dict:
        return get_args(annotation)[1]
    if origin in (list, tuple, set, frozenset) and isinstance(step, int):
        return get_args(annotation)[0]
    return None


def _names_branch(member: Any, step: str | int) -> bool:
    if not (isinstance(member, type) and issubclass(member, BaseModel)):
        return False
    if step == member.__name__:
        return True
    return any(
        get_origin(_bare(field.annotation)) is Literal and step in get_args(_bare(field.annotation))
        for field in member.model_fields.values()
    )


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

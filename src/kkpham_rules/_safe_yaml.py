"""Load YAML as plain data: no tags, no duplicate keys, exact decimals.

PyYAML's ``safe_load`` already refuses to build arbitrary objects; on top of it
this loader keeps numbers with a fraction part as :class:`~decimal.Decimal`
(never binary floats), refuses ``.nan``/``.inf``, refuses a key given twice
(the later value would silently win) and caps the document size.

Plugin data shipped inside a package (the regulations every ``kkpham`` command
loads on start-up) can be parsed by libyaml, PyYAML's C parser, about ten times
faster: ``fast=True``. Both parsers feed the same Python constructors and
resolver, and the test suite checks that every shipped file gives the same data
under both. They do disagree on some unusual documents (a tab inside a plain
value, ``|#``, a bare ``!`` tag, byte-order marks past the start), so a document
a user wrote (a variant, a submission) is always parsed by the pure-Python
parser, as before. Even with ``fast=True``, a document libyaml refuses or that
nests deeply is parsed again by the pure-Python parser, whose verdict (its data,
or its error and line) stands.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

__all__ = ["YamlProblem", "load_yaml"]

MAX_BYTES = 5 * 1024 * 1024
"""The largest document accepted, in bytes."""


class YamlProblem(ValueError):
    """The text is not acceptable YAML; ``line`` is 1-based where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with exact decimals and no duplicate keys."""


if yaml.__with_libyaml__:

    class _FastStrictLoader(yaml.CSafeLoader):
        """libyaml's parser with :class:`_StrictLoader`'s constructors."""

    _FAST_LOADER: type[yaml.CSafeLoader] | None = _FastStrictLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST_LOADER = None


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise YamlProblem(f"{text!r} is not a number", node.start_mark.line + 1) from error
    if not number.is_finite():
        raise YamlProblem(f"{text!r}: only finite numbers are allowed", node.start_mark.line + 1)
    return number


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            given = key in mapping
        except TypeError as error:  # "[a]: 1": a list or mapping cannot be a key
            raise YamlProblem(
                f"a key must be a single value, not a {type(key).__name__}",
                key_node.start_mark.line + 1,
            ) from error
        if given:
            raise YamlProblem(f"key {key!r} is given twice", key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


for _loader in (_StrictLoader, _FAST_LOADER):
    if _loader is not None:
        _loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str | bytes, max_bytes: int = MAX_BYTES, *, fast: bool = False) -> Any:
    """Return the data in one YAML document, or raise :class:`YamlProblem`.

    ``fast=True`` parses with libyaml where PyYAML has it: only for data shipped
    in a package and checked to parse the same (see the module description).
    """
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        raise YamlProblem(f"document is {size} bytes; at most {max_bytes} are accepted")
    if fast and _FAST_LOADER is not None:
        try:
            data = yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a CSafeLoader subclass
        except Exception:  # noqa: S110 - the pure-Python parser below gives the verdict
            # libyaml words errors differently and refuses some documents the
            # Python parser reads (it caps nesting at 1000 levels, for one)
            pass
        else:
            if not _nested_deeper_than(data, _FAST_DEPTH):
                return data
            # the pure-Python parser recurses per level and refuses a document
            # nested some 490 deep (RecursionError, reported as too deep);
            # libyaml reads flow lists up to 1000 deep: let the old parser judge
    return _load_python(text)


_FAST_DEPTH = 100
"""Data nested deeper than this is parsed again by the pure-Python parser."""


def _nested_deeper_than(data: Any, limit: int) -> bool:
    """Return whether lists and mappings in ``data`` nest more than ``limit`` deep.

    Aliases share objects, so each is visited once per depth at which it is
    reached (never once per path, which grows exponentially); a structure that
    contains itself counts as too deep.
    """
    deepest: dict[int, int] = {}
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        if deepest.get(id(node), 0) >= depth:
            continue
        deepest[id(node)] = depth
        stack += [(child, depth + 1) for child in children]
    return False


def _load_python(text: str | bytes) -> Any:
    """Return the data in a YAML text, parsed by PyYAML's pure-Python parser."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise YamlProblem(f"not valid YAML: {error.problem}", line) from error
    except yaml.YAMLError as error:
        raise YamlProblem(f"not valid YAML: {error}") from error
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise YamlProblem(f"not a usable value: {error}") from error

"""Load YAML as plain data: no tags, no duplicate keys, exact decimals.

PyYAML's ``safe_load`` already refuses to build arbitrary objects; on top of it
this loader keeps numbers with a fraction part as :class:`~decimal.Decimal`
(never binary floats), refuses ``.nan``/``.inf``, refuses a key given twice
(the later value would silently win) and caps the document size.
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
        if key in mapping:
            raise YamlProblem(f"key {key!r} is given twice", key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str | bytes, max_bytes: int = MAX_BYTES) -> Any:
    """Return the data in one YAML document, or raise :class:`YamlProblem`."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        raise YamlProblem(f"document is {size} bytes; at most {max_bytes} are accepted")
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

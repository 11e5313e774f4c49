"""The examples in the docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import kkpham_rules


def test_docstring_examples() -> None:
    attempted = 0
    for module_info in pkgutil.walk_packages(kkpham_rules.__path__, "kkpham_rules."):
        module = importlib.import_module(module_info.name)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module_info.name
        attempted += result.attempted
    attempted += doctest.testmod(kkpham_rules).attempted
    assert attempted >= 8

"""Sphinx configuration for kkpham_rules."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import kkpham_rules

project = "kkpham_rules"
author = "kkpham_rules developers"
release = kkpham_rules.__version__
version = release
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "regulation_reference",
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
nitpicky = False
exclude_patterns = ["_build"]
html_theme = "alabaster"
suppress_warnings = ["ref.python"]

# Docstring examples assume the module's own names; the doctest builder runs
# them outside the module, so import those names for it.
doctest_global_setup = """
from fractions import Fraction
from decimal import Decimal
from kkpham_rules.rounding import decimal_text, number_problem, round_half_up
from kkpham_rules.model import locator
from kkpham_rules.rules import PresenceRule, TargetRule
from kkpham_rules.submission import Submission
"""

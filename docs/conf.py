"""Sphinx configuration for kkpham_rules."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import kkpham_rules

# Sphinx 9's autodoc writes the annotations it parses from a documented class's
# bases back onto those classes, pydantic's BaseModel among them
# (sphinx-doc/sphinx#14337); a pydantic model with extra="allow" made afterwards
# then fails, and FastAPI makes several at import. Importing the service first
# builds them before autodoc touches BaseModel.
import kkpham_rules.service

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
    "command_reference",
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
nitpicky = False
exclude_patterns = ["_build"]
html_theme = "alabaster"
suppress_warnings = ["ref.python"]

# Docstring examples are run by tests/test_doctests.py, in their modules; the
# doctest builder runs only the narrative pages' ``.. doctest::`` blocks.
doctest_test_doctest_blocks = ""

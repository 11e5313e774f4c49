"""Write the command reference from the ``kkpham`` parser itself.

Each command's options are declared once, in :mod:`kkpham_rules.cli`; the
``.. kkpham-commands::`` directive prints every command's ``--help`` at build
time, so the page cannot drift from what the command accepts.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import Directive

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _help(parser: argparse.ArgumentParser) -> nodes.literal_block:
    block = nodes.literal_block(text=parser.format_help())
    block["language"] = "text"  # help text, not code: no syntax colours
    return block


class CommandReference(Directive):
    """``.. kkpham-commands::``: a section per command with its help text."""

    def run(self) -> list[nodes.Node]:
        from kkpham_rules import cli

        os.environ["COLUMNS"] = "70"  # argparse wraps to the terminal: fix it for the page
        parser = cli._parser()
        result: list[nodes.Node] = [_help(parser)]
        for name, command in cli.leaf_commands(parser).items():  # "archive add" too
            section = nodes.section(ids=[f"command-{name.replace(' ', '-')}"])
            section += nodes.title(text=f"kkpham {name}")
            section += _help(command)
            result.append(section)
        return result


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive with Sphinx."""
    app.add_directive("kkpham-commands", CommandReference)
    return {"parallel_read_safe": True, "version": "1"}

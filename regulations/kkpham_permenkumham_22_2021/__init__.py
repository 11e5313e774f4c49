"""Regulation plugin: Permenkumham 22/2021 (10 rights, data years 2021 on).

The law's content lives in ``regulation.yaml`` beside this module, each item
with its citation; worked examples for the tests live in ``cases/``.
"""

from kkpham_rules.loader import load_packaged_regulation
from kkpham_rules.model import Regulation

__all__ = ["regulation"]


def regulation() -> Regulation:
    """Return Permenkumham 22/2021 as encoded in this plugin's data file."""
    return load_packaged_regulation(__name__)

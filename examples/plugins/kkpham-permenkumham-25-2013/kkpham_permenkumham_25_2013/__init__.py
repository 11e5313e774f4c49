"""Example third-party regulation plugin: Permenkumham 25/2013, banded indicators.

Illustrative: only the five indicators whose band tables are verified are
encoded. See ``regulation.yaml``.
"""

from kkpham_rules.loader import load_packaged_regulation
from kkpham_rules.model import Regulation

__all__ = ["regulation"]


def regulation() -> Regulation:
    """Return the encoded part of Permenkumham 25/2013."""
    return load_packaged_regulation(__name__)

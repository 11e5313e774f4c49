"""Example third-party regulation plugin: Permenkumham 25/2013, banded indicators.

Illustrative: only the five indicators whose band tables are verified are
encoded. See ``revisions/1.yaml``.
"""

from kkpham_rules.loader import load_packaged_revisions
from kkpham_rules.model import Regulation

__all__ = ["regulation"]


def regulation() -> tuple[Regulation, ...]:
    """Return every revision of the encoded part of Permenkumham 25/2013."""
    return load_packaged_revisions(__name__)

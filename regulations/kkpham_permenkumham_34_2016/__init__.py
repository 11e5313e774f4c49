"""Regulation plugin: Permenkumham 34/2016 (7 rights, data years 2016-2020).

The law's content lives in ``revisions/<n>.yaml`` beside this module (one
file per dated revision, old ones kept), each item with its citation;
worked examples for the tests live in ``cases/``.
"""

from kkpham_rules.loader import load_packaged_revisions
from kkpham_rules.model import Regulation

__all__ = ["regulation"]


def regulation() -> tuple[Regulation, ...]:
    """Return every revision of Permenkumham 34/2016's data, oldest first."""
    return load_packaged_revisions(__name__)

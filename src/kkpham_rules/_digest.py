"""One content hash for everything the library fingerprints.

Regulations, crosswalks, variants, submissions and audit records are all
identified by ``sha256:<hex>`` of their data in canonical JSON: keys sorted,
no spaces, UTF-8 text; values JSON cannot hold (dates, decimals) written as
their ``str``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["canonical_digest", "canonical_json"]


def canonical_json(data: Any) -> bytes:
    """Return ``data`` as canonical JSON bytes.

    >>> canonical_json({"b": 1, "a": "é"})
    b'{"a":"\\xc3\\xa9","b":1}'
    """
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return text.encode("utf-8")


def canonical_digest(data: Any) -> str:
    """Return ``sha256:<hex>`` of ``data`` in canonical JSON."""
    return "sha256:" + hashlib.sha256(canonical_json(data)).hexdigest()

"""A released regulation (or crosswalk) revision never changes: its content hash is pinned.

To correct a regulation's data, add ``revisions/<n+1>.yaml`` to the plugin and
pin the new hash here; editing a released file fails this test.
"""

from __future__ import annotations

import json
from pathlib import Path

from kkpham_rules.model import Regulation
from kkpham_rules.registry import default_registry
from kkpham_rules.versions.crosswalk import Crosswalk, available_crosswalks

PINS = Path(__file__).parent / "golden" / "pinned-hashes.json"


def test_every_shipped_revision_is_pinned_and_unchanged() -> None:
    pinned: dict[str, dict[str, str]] = json.loads(PINS.read_text())
    assert set(pinned) == {
        "permenkumham-34-2016",
        "permenkumham-22-2021",
        "permenkumham-34-2016--permenkumham-22-2021",
    }
    released: list[Regulation | Crosswalk] = [
        *default_registry().revisions,
        *available_crosswalks(),
    ]
    installed = {(r.id, str(r.revision)): r.content_hash for r in released if r.id in pinned}
    expected = {(rid, rev): digest for rid, revs in pinned.items() for rev, digest in revs.items()}
    assert installed == expected

"""The generated regulation reference covers every indicator, right and crosswalk."""

from __future__ import annotations

import sys
from pathlib import Path

import kkpham_rules
from kkpham_rules.versions.crosswalk import available_crosswalks

sys.path.insert(0, str(Path(__file__).parent.parent / "docs" / "_ext"))

import regulation_reference


def test_reference_pages_list_every_right_and_indicator() -> None:
    for regulation in kkpham_rules.available_regulations():
        page = regulation_reference.render(regulation)
        for right in regulation.rights:
            assert right.name_id in page
        for indicator in regulation.indicators:
            assert indicator.id in page
        assert f"{len(regulation.indicators)} of {regulation.declared_indicator_total}" in page


def test_reference_page_of_the_crosswalk() -> None:
    [crosswalk] = available_crosswalks()
    page = regulation_reference.render_crosswalk(crosswalk)
    assert "rights 10/10 mapped" in page
    assert page.count("* - ") == len(crosswalk.rights) + 1

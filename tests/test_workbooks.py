"""Workbooks are saved as the same bytes every time (kkpham_rules.files.workbooks)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import kkpham_rules
from kkpham_rules.files.export import rows_xlsx
from kkpham_rules.files.spreadsheet import template_workbook
from kkpham_rules.files.template import template_bytes
from kkpham_rules.files.workbooks import WORKBOOK_TIME, save_workbook, workbook_bytes

from .test_cli import in_process

NEW = kkpham_rules.get_regulation("22/2021")
ROWS = [{"region_code": "11.10", "total_score": "81.22"}]


def _stamps(data: bytes) -> tuple[set[tuple[int, ...]], list[str]]:
    """Return the times of a workbook's zip entries and the dates in its docProps/core.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        times: set[tuple[int, ...]] = {entry.date_time for entry in archive.infolist()}
        core = archive.read("docProps/core.xml").decode("utf-8")
    return times, re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)


def test_every_stamp_is_the_fixed_time() -> None:
    times, dates = _stamps(workbook_bytes(template_workbook(NEW, 2023)))
    assert times == {WORKBOOK_TIME.timetuple()[:6]}
    assert dates == ["1980-01-01T00:00:00Z", "1980-01-01T00:00:00Z"]


def test_the_same_content_saved_later_is_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = io.BytesIO()
    rows_xlsx(ROWS, first)
    later = time.time() + 3600  # an hour on: every clock-stamped time would differ
    monkeypatch.setattr(time, "time", lambda: later)
    second = io.BytesIO()
    rows_xlsx(ROWS, second)
    assert first.getvalue() == second.getvalue()
    assert template_bytes(NEW, "xlsx", 2023) == workbook_bytes(template_workbook(NEW, 2023))
    save_workbook(template_workbook(NEW, 2023), tmp_path / "t.xlsx")
    assert (tmp_path / "t.xlsx").read_bytes() == template_bytes(NEW, "xlsx", 2023)
    cells = load_workbook(io.BytesIO(first.getvalue())).active
    assert cells is not None
    assert [cell.value for cell in cells[1]] == ["region_code", "total_score"]


@pytest.mark.parametrize(
    "argv",
    [
        ["template", "22/2021", "--format", "xlsx", "--year", "2023", "--out"],
        ["catalogue", "template", "22/2021", "--out"],
    ],
)
def test_commands_write_the_same_workbook_twice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    written = []
    for name in ("first.xlsx", "second.xlsx"):
        assert in_process([*argv, str(tmp_path / name)], capsys)[0] == 0
        written.append((tmp_path / name).read_bytes())
    assert written[0] == written[1]
    assert _stamps(written[0])[0] == {WORKBOOK_TIME.timetuple()[:6]}

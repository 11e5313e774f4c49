"""Workbooks saved as the same bytes every time: :func:`workbook_bytes`, :func:`save_workbook`.

openpyxl stamps a workbook with the moments it was made and saved: the
``created`` and ``modified`` dates of ``docProps/core.xml``, and the time of
every entry of the zip file. The same workbook saved twice would differ, a
template downloaded from the service would not be the one ``kkpham template``
writes, and a file could not be checked against its hash. Here every stamp is
:data:`WORKBOOK_TIME`, so the bytes depend on the content alone.

Every workbook the library writes (templates, tables of results, a
simulation's regions, the catalogue's table) is saved here.
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["WORKBOOK_TIME", "save_workbook", "workbook_bytes"]

WORKBOOK_TIME: Final = datetime.datetime(1980, 1, 1)
"""The one time a saved workbook carries: the earliest a zip entry can hold."""

_ENTRY_MODE: Final = 0o600 << 16
"""The permissions ``ZipFile.writestr`` gives an entry named by a string (read and write)."""


class _FixedTimeZip(ZipFile):
    """A zip file whose entries, however named, carry :data:`WORKBOOK_TIME`, not the clock's."""

    def writestr(
        self,
        zinfo_or_arcname: str | ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """Write an entry as :meth:`ZipFile.writestr` does, dated :data:`WORKBOOK_TIME`."""
        if not isinstance(zinfo_or_arcname, ZipInfo):
            entry = ZipInfo(zinfo_or_arcname, date_time=WORKBOOK_TIME.timetuple()[:6])
            entry.compress_type = self.compression
            entry.external_attr = _ENTRY_MODE
            zinfo_or_arcname = entry
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: str | os.PathLike[str],
        arcname: str | os.PathLike[str] | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """Write a file's content as an entry, dated :data:`WORKBOOK_TIME`, not the file's.

        openpyxl writes each worksheet to a temporary file first, then adds it so.
        """
        name = os.fspath(arcname if arcname is not None else filename)
        data = Path(filename).read_bytes()
        self.writestr(name, data, compress_type, compresslevel)


def workbook_bytes(workbook: Workbook) -> bytes:
    """Return the ``.xlsx`` bytes of ``workbook``, every time stamp :data:`WORKBOOK_TIME`.

    The workbook's ``properties.created`` and ``modified`` are set to it.
    """
    # openpyxl's own save_workbook is these lines with the clock's time: its writer,
    # given a zip file that dates entries itself
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = WORKBOOK_TIME
    workbook.properties.modified = WORKBOOK_TIME
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def save_workbook(workbook: Workbook, target: str | Path | IO[bytes]) -> None:
    """Write :func:`workbook_bytes` of ``workbook`` to a file (a path) or a binary stream."""
    data = workbook_bytes(workbook)
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)

"""An archive of audit records in a database, and each region's history across years.

:class:`Archive` keeps records exactly as written (their bytes), indexed by
digest, region, year, regulation and revision; it admits a record only when
it is intact (:mod:`.store` says what is checked and why), and verifies
records again on demand. SQLite by default, PostgreSQL by URL
(:mod:`.database`); the schema is migrated by Alembic when an archive is
opened. The results are pydantic models (:mod:`.models`), ready for JSON.

SQLAlchemy and Alembic are imported only by this package, which nothing
imports until an archive is used.
"""

from .database import DEFAULT_URL, URL_VARIABLE, database_url
from .models import (
    AddOutcome,
    ArchiveCause,
    ArchivedRecord,
    History,
    HistoryEntry,
    RecordCheck,
)
from .store import Archive

__all__ = [
    "DEFAULT_URL",
    "URL_VARIABLE",
    "AddOutcome",
    "Archive",
    "ArchiveCause",
    "ArchivedRecord",
    "History",
    "HistoryEntry",
    "RecordCheck",
    "database_url",
]

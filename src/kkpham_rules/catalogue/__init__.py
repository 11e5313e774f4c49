"""The law's indicator tables as data: a lampiran typed into a workbook becomes a revision.

The people who run KKPHAM hold each regulation's lampiran (its indicators,
their units, how each is scored, the evidence asked for) as PDF and
spreadsheets. This package lets them turn it into a validated regulation
revision without writing code or YAML, one module a step:

* :mod:`.columns`: the table's columns (one row per indicator) and the words
  each coded column accepts;
* :mod:`.notation`: how band rows (``111-140 → 8``) and ordinal levels
  (``sebagian | 50% | Sebagian``) are written in one cell;
* :mod:`.template`: the workbook (or CSV) to fill in, pre-filled with the
  regulation's rights, dimensions and any indicators it already has;
* :mod:`.importing`: reading a filled-in table back, every problem at its cell,
  into the next dated revision of the regulation's data;
* :mod:`.revision`: a regulation written back as its data file, with a header
  pinning its content hash;
* :mod:`.diff`: what changed between two revisions, and for a cohort, how many
  regions change score and category.

The commands are ``kkpham catalogue template|import|diff``. Nothing here is
imported by ``import kkpham_rules``: the workbook modules need openpyxl.
"""

__all__: list[str] = []

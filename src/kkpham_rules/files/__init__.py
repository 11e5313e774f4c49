"""Files in and out: one reader, cohorts, workbooks, exports, reports, charts, region codes."""

"""The run directory: ``run.json`` plus one Parquet file per declared result table.

:mod:`~zerozone.results.tables` declares every table (columns, dtypes, units, keys);
:mod:`~zerozone.results.run_directory` writes and reads them (checking the declaration and the
format version); :mod:`~zerozone.results.profiles` gives back the profiles a plan used;
:mod:`~zerozone.results.derived` computes the totals every later stage shows.
"""

from zerozone.results.run_directory import RunDirectory, RunDirectoryError, read_run, write_run
from zerozone.results.tables import FORMAT_VERSION, TABLES

__all__ = ["FORMAT_VERSION", "TABLES", "RunDirectory", "RunDirectoryError", "read_run", "write_run"]

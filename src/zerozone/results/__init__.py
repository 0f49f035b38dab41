"""The run directory: ``run.json`` plus one Parquet file per result table."""

from zerozone.results.run_directory import RunDirectory, read_run, write_run

__all__ = ["RunDirectory", "read_run", "write_run"]

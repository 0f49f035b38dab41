"""Staged small batches: durable on acknowledgement, merged as the store would have stored them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mrv.conftest import add

from zerozone.mrv import store
from zerozone.mrv.ingest import ingest_json_batch, records_table
from zerozone.mrv.staging import ensure_pending, merge_pending, pending_count, stage_table


def stage(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> int:
    return stage_table(con, records_table(rows), "test").accepted


def readings(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT meter_key, ts, value, estimated FROM readings ORDER BY ALL"
    ).fetchall()


def test_a_staged_batch_survives_a_stop_before_its_merge(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    add(con, "m1")
    ensure_pending(con)
    result = stage_table(
        con,
        records_table(
            [
                {"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 10},
                {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": -1},
                {"meter": "nope", "ts": "2026-01-01T01:00:00Z", "value": 1},
            ]
        ),
        "test",
    )
    assert (result.received, result.accepted, result.rejected) == (3, 1, 2)
    assert {r.reason for r in result.rejects} == {
        "negative value",
        "unknown meter (register it first)",
    }
    con.close()
    reopened = store.connect(tmp_path / "store", threads=1)
    try:
        assert pending_count(reopened) == 1
        merged = merge_pending(reopened)
        assert merged is not None and merged.new == 1
        assert pending_count(reopened) == 0
        assert merge_pending(reopened) is None
    finally:
        reopened.close()


def test_merged_batches_equal_the_same_batches_stored_one_by_one(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    batches = [
        [
            {"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 10},
            {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": 11, "estimated": True},
        ],
        [
            {"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 12},  # a revision
            {"meter": "m1", "ts": "2026-01-01T02:00:00Z", "value": 13},
        ],
        [
            {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": 11.5},  # measured now
            {"meter": "m1", "ts": "2026-01-01T02:00:00Z", "value": 9, "estimated": True},
        ],
    ]
    add(con, "m1")
    ensure_pending(con)
    for rows in batches:
        stage(con, rows)
    merge_pending(con)
    other = store.connect(tmp_path / "other", threads=1)
    try:
        from zerozone.data import load_scenario
        from zerozone.mrv import registry

        registry.register_places(other, load_scenario("aghali"))
        add(other, "m1")
        for rows in batches:
            ingest_json_batch(other, rows)
        assert readings(con) == readings(other)
        hourly = "SELECT meter_key, hour, kwh, estimated_kwh FROM hourly ORDER BY ALL"
        assert con.execute(hourly).fetchall() == other.execute(hourly).fetchall()
    finally:
        other.close()


def test_a_merge_repeated_after_a_stop_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "m1")
    ensure_pending(con)
    stage(con, [{"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 10}])
    con.execute("CREATE TABLE kept AS SELECT * FROM pending_readings")
    merge_pending(con)
    before = readings(con)
    con.execute("INSERT INTO pending_readings SELECT * FROM kept")  # as if the delete was lost
    again = merge_pending(con)
    assert again is not None and (again.new, again.revised, again.unchanged) == (0, 0, 1)
    assert readings(con) == before


def test_a_batch_committed_during_a_merge_stays_pending(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch that took its id before another but committed during the merge is not lost."""
    from zerozone.mrv import staging

    add(con, "m1")
    ensure_pending(con)
    key = con.execute("SELECT meter_key FROM meters WHERE meter_id = 'm1'").fetchone()
    late = con.cursor()
    late.execute("BEGIN TRANSACTION")
    late.execute(
        "INSERT INTO pending_readings VALUES (?, TIMESTAMPTZ '2026-01-01 05:00:00+00', 20, "
        "false, nextval('batch_ids'))",
        [key[0] if key else None],
    )
    stage(con, [{"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 10}])
    real = staging.ingest_source

    def commit_the_late_batch_first(*args: object, **kwargs: object) -> object:
        late.execute("COMMIT")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(staging, "ingest_source", commit_the_late_batch_first)
    merged = merge_pending(con)
    assert merged is not None and merged.new == 1
    assert pending_count(con) == 1  # the late batch waits for the next merge
    monkeypatch.undo()
    merge_pending(con)
    assert len(readings(con)) == 2


BATCH_ROW = st.fixed_dictionaries(
    {
        "meter": st.sampled_from(["m1", "m2"]),
        "ts": st.integers(0, 11).map(lambda q: f"2026-01-01T{q // 4:02d}:{15 * (q % 4):02d}:00Z"),
        "value": st.integers(0, 40).map(float),
    },
    optional={"estimated": st.booleans()},
)


STATE = ("readings", "revisions", "batches", "rejects", "hourly", "marks", "events")


@pytest.fixture
def two_stores(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> Iterator[tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]]:
    """Two stores with meters m1 and m2 of Aghali."""
    from zerozone.data import load_scenario
    from zerozone.mrv import registry

    other = store.connect(tmp_path / "direct", threads=1)
    registry.register_places(other, load_scenario("aghali"))
    for connection in (con, other):
        add(connection, "m1")
        add(connection, "m2")
    for connection in (con, other):
        ensure_pending(connection)
    yield con, other
    other.close()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    batches=st.lists(st.lists(BATCH_ROW, min_size=1, max_size=8), min_size=1, max_size=4),
    merges=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_staged_batches_merged_at_any_points_equal_them_stored_one_by_one(
    two_stores: tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection],
    batches: list[list[dict[str, object]]],
    merges: list[bool],
) -> None:
    """Whatever the split into batches, repeats across batches staged before one merge, and
    where the merges fall, the store ends as if each batch had been stored on arrival."""
    staged, direct = two_stores
    for con in (staged, direct):  # each example starts from empty stores
        con.execute("; ".join(f"DELETE FROM {table}" for table in (*STATE, "pending_readings")))
    for rows, merge in zip(batches, merges, strict=False):
        stage(staged, rows)
        ingest_json_batch(direct, rows)
        if merge:
            merge_pending(staged)
    merge_pending(staged)
    assert readings(staged) == readings(direct)
    hourly = "SELECT meter_key, hour, kwh, estimated_kwh FROM hourly ORDER BY ALL"
    assert staged.execute(hourly).fetchall() == direct.execute(hourly).fetchall()


def test_a_row_whose_meter_was_removed_before_the_merge_is_rejected_then(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from zerozone.mrv import registry

    add(con, "m1")
    add(con, "m2")
    ensure_pending(con)
    stage(con, [{"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 10}])
    stage(con, [{"meter": "m2", "ts": "2026-01-01T00:00:00Z", "value": 20}])
    registry.remove_meter(con, "m1")
    merged = merge_pending(con)
    assert merged is not None and (merged.new, merged.rejected) == (1, 1)
    assert [r.reason for r in merged.rejects] == ["unknown meter (register it first)"]
    assert len(readings(con)) == 1 and pending_count(con) == 0

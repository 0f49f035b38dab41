"""The table of technology kinds: one row per kind, and the only place that lists kinds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import zerozone
from zerozone.data.kinds import (
    GENERATOR_KINDS,
    HEAT_KINDS,
    KINDS,
    RENEWABLE_KINDS,
    RESOURCE_KINDS,
    STORAGE_KINDS,
    VARIABLE_KINDS,
    KindSpec,
    Role,
    TechnologyKind,
    kinds_where,
    spec,
)
from zerozone.data.schema import TechnologyKind as SchemaKind
from zerozone.finance.categories import category_of
from zerozone.i18n import translator

PACKAGE = Path(zerozone.__file__).parent
TABLE_MODULE = PACKAGE / "data" / "kinds.py"
KIND_VALUES = {kind.value for kind in TechnologyKind}


def test_every_kind_has_one_row() -> None:
    assert set(KINDS) == set(TechnologyKind)
    assert all(row.kind is kind for kind, row in KINDS.items())
    assert SchemaKind is TechnologyKind  # the schema reads the kinds from the table's module


@pytest.mark.parametrize("kind", list(TechnologyKind))
def test_rows_are_coherent(kind: TechnologyKind) -> None:
    row = spec(kind)
    assert spec(kind.value) is row
    assert row.colors and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in row.colors)
    assert translator("az")(row.label) != row.label, "the label needs an Azerbaijani entry"
    assert not (row.renewable and row.emitting)
    assert not (row.energy_capacity and row.storage_hours)  # one way to size the energy
    if row.role is Role.STORAGE or row.inflow_store:
        assert row.dispatchable and (row.energy_capacity or row.storage_hours)
    if row.inflow_store:
        assert row.role is Role.GENERATION and row.storage_hours
    if row.role is Role.HEAT:
        assert not (row.renewable or row.needs_site)


def test_the_kind_properties_read_the_table() -> None:
    for kind, row in KINDS.items():
        assert kind.is_renewable == row.renewable
        assert kind.is_storage == (row.role is Role.STORAGE)
        assert kind.makes_heat == (row.role is Role.HEAT)
        assert kind.burns_fuel == row.emitting
        assert kind.needs_storage_hours == row.storage_hours
        assert category_of(kind).value == row.role.value


def test_derived_sets() -> None:
    assert set(TechnologyKind) == GENERATOR_KINDS | STORAGE_KINDS | HEAT_KINDS
    assert not (GENERATOR_KINDS & STORAGE_KINDS or GENERATOR_KINDS & HEAT_KINDS)
    assert RENEWABLE_KINDS <= GENERATOR_KINDS
    assert {
        TechnologyKind.SOLAR,
        TechnologyKind.WIND,
        TechnologyKind.HYDRO_RUN_OF_RIVER,
    } == VARIABLE_KINDS
    assert TechnologyKind.PUMPED_HYDRO in RESOURCE_KINDS
    assert kinds_where(role=Role.HEAT, emitting=True) == {TechnologyKind.GAS_BOILER}
    with pytest.raises(ValueError, match="no column"):
        kinds_where(colour="red")
    assert {f for f in KindSpec.__dataclass_fields__} >= {"role", "renewable", "label"}


WEATHER_WORDS = {"solar", "wind"}
"""Kind values that also name weather streams (capacity factors, decorrelation lengths): as bare
strings they say nothing of kinds, so they are not counted (``TechnologyKind.SOLAR`` is)."""


def _names_a_kind(node: ast.expr) -> bool:
    """``TechnologyKind.X`` (or ``_K.X`` etc.: any ``Name.UPPER`` whose attribute is a kind),
    or a string that is a kind's value (other than a weather word)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr in TechnologyKind.__members__
    return (
        isinstance(node, ast.Constant)
        and node.value in KIND_VALUES
        and node.value not in WEATHER_WORDS
    )


def kind_collections(source: str) -> list[int]:
    """Line numbers of set, list, tuple or dict literals naming two kinds or more."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            members = node.elts
        elif isinstance(node, ast.Dict):
            members = [key for key in node.keys if key is not None]
        else:
            continue
        if sum(_names_a_kind(member) for member in members) >= 2:
            found.append(node.lineno)
    return found


def test_the_detector_finds_kind_sets() -> None:
    assert kind_collections("x = {TechnologyKind.SOLAR, TechnologyKind.WIND}") == [1]
    assert kind_collections('HEAT = {"heat_pump", "gas_boiler"}') == [1]
    assert kind_collections('COLORS = {"battery": ["#fff"], "thermal": ["#000"]}') == [1]
    assert kind_collections('LENGTH_KM = {"wind": 300.0, "solar": 300.0}') == []
    assert kind_collections("ok = kind is TechnologyKind.SOLAR") == []
    assert kind_collections('ok = ("wind", "pv_fixed")') == []


def test_no_module_outside_the_table_lists_kinds() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != TABLE_MODULE and (lines := kind_collections(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"read the table of kinds (zerozone.data.kinds) instead: {offenders}"

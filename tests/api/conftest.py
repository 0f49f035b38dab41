"""The real service on a fresh data directory: Aghali and the default zones registered, a meter
in Aghali and one in Shusha, a tiny Aghali run, and one token per role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from zerozone.api.app import create_app
from zerozone.api.state import Settings
from zerozone.api.tokens import Role, TokenStore
from zerozone.data import load_scenario
from zerozone.mrv import registry, store
from zerozone.mrv.registry import MeterKind, MeterSpec

RUN_ID = "aghali-tiny"


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Aghali planned at two representative days (a few seconds)."""
    from zerozone.model.pipeline import run_plan

    out = tmp_path_factory.mktemp("runs") / RUN_ID
    run_plan(load_scenario("aghali"), resolution="days:2", out=out)
    return out


def prepare_data_dir(folder: Path, tiny_run: Path) -> None:
    """Places, two meters and the tiny run in ``folder``."""
    con = store.connect(folder, threads=1)
    try:
        registry.register_places(con, load_scenario("aghali"))
        registry.register_places(con, load_scenario("default"))
        registry.add_meter(con, MeterSpec("m-aghali", "aghali", "school", MeterKind.GRID_IMPORT))
        registry.add_meter(con, MeterSpec("m-shusha", "shusha", "hall", MeterKind.GRID_IMPORT))
    finally:
        con.close()
    shutil.copytree(tiny_run, folder / "runs" / RUN_ID)


@dataclass
class Tokens:
    """One token per role (the operator's settlement is Aghali)."""

    viewer: str
    operator: str
    planner: str
    admin: str

    def of(self, role: str | None) -> dict[str, str]:
        """The Authorization header of ``role`` (none for None)."""
        if role is None:
            return {}
        return {"Authorization": f"Bearer {getattr(self, role)}"}


def make_tokens(folder: Path) -> Tokens:
    tokens = TokenStore(folder)
    made = Tokens(
        tokens.create(Role.VIEWER),
        tokens.create(Role.OPERATOR, ["aghali"]),
        tokens.create(Role.PLANNER),
        tokens.create(Role.ADMIN),
    )
    tokens.close()
    return made


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, tiny_run: Path) -> Path:
    folder = tmp_path_factory.mktemp("service")
    prepare_data_dir(folder, tiny_run)
    return folder


@pytest.fixture(scope="module")
def tokens(data_dir: Path) -> Tokens:
    return make_tokens(data_dir)


@pytest.fixture(scope="module")
def client(data_dir: Path, tokens: Tokens) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir, merge_interval=0.2))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client

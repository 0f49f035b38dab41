"""API tokens with roles, stored hashed in the service's own SQLite file.

A token is ``zz_<id>_<secret>``: ``id`` names it in lists and for revoking; ``secret`` is 32
random bytes (URL-safe base64) shown once at creation. Only the SHA-256 of the secret is stored
(the secret has 256 bits of entropy, so a plain hash is enough; no password stretching needed).

Roles
-----
viewer
    reads plans, runs and every settlement's meter data.
operator
    reads and writes readings and meters of its own settlements only.
planner
    reads everything, uploads scenarios, starts and cancels runs.
admin
    everything, and manages tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from zerozone.errors import ZerozoneError

SERVICE_DB = "service.sqlite"
"""The service's own state (tokens, jobs) in the data directory, beside the meter store."""

PREFIX = "zz"


class Role(StrEnum):
    """What a token may do (see the module's documentation)."""

    VIEWER = "viewer"
    OPERATOR = "operator"
    PLANNER = "planner"
    ADMIN = "admin"


class TokenError(ZerozoneError, ValueError):
    """A token that cannot be created as asked (an operator without settlements...)."""


@dataclass(frozen=True)
class Token:
    """A stored token (never its secret).

    Attributes
    ----------
    token_id : str
        Public identifier.
    role : Role
        What it may do.
    settlements : tuple[str, ...]
        Settlement ids an operator may read and write (empty for the other roles).
    label : str
        Free note (who holds it).
    created : str
        UTC creation time (ISO 8601).
    revoked : bool
        Whether it was revoked.
    """

    token_id: str
    role: Role
    settlements: tuple[str, ...]
    label: str
    created: str
    revoked: bool

    def may_access(self, settlement: str) -> bool:
        """Whether the token reads (and, for operators, writes) ``settlement``'s data."""
        return self.role is not Role.OPERATOR or settlement in self.settlements


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def connect_service_db(directory: Path) -> sqlite3.Connection:
    """The service's SQLite file in ``directory`` (created with its tables when missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(directory / SERVICE_DB, timeout=30, check_same_thread=False)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(
        "CREATE TABLE IF NOT EXISTS tokens (token_id TEXT PRIMARY KEY, digest TEXT NOT NULL, "
        "role TEXT NOT NULL, settlements TEXT NOT NULL, label TEXT NOT NULL, "
        "created TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)"
    )
    con.commit()
    return con


class TokenStore:
    """Create, check, list and revoke tokens.

    Parameters
    ----------
    directory : pathlib.Path
        The service's data directory.
    """

    def __init__(self, directory: Path) -> None:
        self._con = connect_service_db(directory)
        self._lock = threading.Lock()

    def create(self, role: Role, settlements: list[str] | None = None, label: str = "") -> str:
        """A new token of ``role``; returns the full token (shown once, not stored).

        Raises
        ------
        TokenError
            When an operator has no settlement or another role has some.
        """
        places = sorted(set(settlements or []))
        if role is Role.OPERATOR and not places:
            raise TokenError("an operator token needs at least one --settlement")
        if role is not Role.OPERATOR and places:
            raise TokenError("only operator tokens are limited to settlements")
        token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock, self._con:
            self._con.execute(
                "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, 0)",
                (token_id, _digest(secret), role.value, json.dumps(places), label, created),
            )
        return f"{PREFIX}_{token_id}_{secret}"

    def _row(self, token_id: str) -> tuple[str, ...] | None:
        with self._lock:
            row = self._con.execute(
                "SELECT token_id, digest, role, settlements, label, created, revoked "
                "FROM tokens WHERE token_id = ?",
                (token_id,),
            ).fetchone()
        return tuple(row) if row else None

    @staticmethod
    def _token(row: tuple[str, ...]) -> Token:
        return Token(row[0], Role(row[2]), tuple(json.loads(row[3])), row[4], row[5], bool(row[6]))

    def check(self, presented: str) -> Token | None:
        """The live token ``presented`` is, or None (unknown, malformed or revoked)."""
        parts = presented.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            return None
        row = self._row(parts[1])
        if row is None or not hmac.compare_digest(row[1], _digest(parts[2])):
            return None
        token = self._token(row)
        return None if token.revoked else token

    def all(self) -> list[Token]:
        """Every token, newest first (revoked ones too)."""
        with self._lock:
            rows = self._con.execute(
                "SELECT token_id, digest, role, settlements, label, created, revoked "
                "FROM tokens ORDER BY created DESC, token_id"
            ).fetchall()
        return [self._token(tuple(row)) for row in rows]

    def revoke(self, token_id: str) -> bool:
        """Revoke a token; False when no such token exists."""
        with self._lock, self._con:
            cursor = self._con.execute(
                "UPDATE tokens SET revoked = 1 WHERE token_id = ?", (token_id,)
            )
        return cursor.rowcount > 0

    def close(self) -> None:
        """Close the file."""
        self._con.close()

"""``zerozone token``: create, list and revoke the service's API tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from zerozone.api.places import settlement_ids
from zerozone.api.state import SCENARIOS_FOLDER
from zerozone.api.tokens import Role, TokenStore
from zerozone.cli.data import LangOption, language_of
from zerozone.cli.mrv_support import choice
from zerozone.i18n import translator
from zerozone.mrv.store import data_dir

app = typer.Typer(help="API tokens of the service (zerozone serve).", no_args_is_help=True)

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="The service's data directory (default: $ZEROZONE_DATA_DIR or ./zerozone-data).",
    ),
]


@app.command("create")
def create(
    role: Annotated[str, typer.Option("--role", help="viewer, operator, planner or admin.")],
    settlement: Annotated[
        list[str] | None,
        typer.Option("--settlement", help="An operator's settlement (id or name); repeatable."),
    ] = None,
    label: Annotated[str, typer.Option("--label", help="Who holds the token.")] = "",
    data: DataDirOption = None,
    lang: LangOption = None,
) -> None:
    """Create a token and print it once (only its hash is stored).

    Example: zerozone token create --role viewer --label "ministry"
    """
    _ = translator(language_of(lang))
    folder = data_dir(data)
    chosen = choice(role, Role, "--role")
    places = settlement_ids(folder / SCENARIOS_FOLDER, settlement or [])
    secret = TokenStore(folder).create(chosen, places, label)
    console = Console(stderr=True)
    console.print(
        _("New {role} token; it is shown only now, keep it safe:").format(role=chosen.value),
        highlight=False,
    )
    typer.echo(secret)


@app.command("list")
def list_tokens(data: DataDirOption = None, lang: LangOption = None) -> None:
    """List the tokens (never their secrets).

    Example: zerozone token list
    """
    _ = translator(language_of(lang))
    table = Table(title=_("Tokens"), title_justify="left")
    for heading in ("id", _("Role"), _("Settlements"), _("Label"), _("Created"), _("Revoked")):
        table.add_column(heading)
    for token in TokenStore(data_dir(data)).all():
        table.add_row(
            token.token_id,
            token.role.value,
            ", ".join(token.settlements),
            token.label,
            token.created,
            _("yes") if token.revoked else "",
        )
    Console(soft_wrap=True).print(table)


@app.command("revoke")
def revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (see zerozone token list).")],
    data: DataDirOption = None,
    lang: LangOption = None,
) -> None:
    """Revoke a token: it stops working at once.

    Example: zerozone token revoke TOKEN_ID
    """
    _ = translator(language_of(lang))
    if not TokenStore(data_dir(data)).revoke(token_id):
        from zerozone.cli.mrv_support import fail

        raise fail(_("no token {token}").format(token=token_id))
    typer.echo(_("revoked {token}").format(token=token_id))

"""``chatsignals audit``: verify the hash chain (exit 1 on a broken link), print entries."""

from __future__ import annotations

import json

import click

from chatsignals.cli.options import settings_from

_DB = click.option("--database-url", default=None, help="sqlite:///path or postgresql+psycopg://…")


@click.group()
def command() -> None:
    """The append-only, hash-chained audit log."""


@command.command("verify")
@_DB
def verify(database_url: str | None) -> None:
    """Recompute every link. Prints the entry count and head hash, or the first broken
    entry and exits 1."""
    from chatsignals.bootstrap import bootstrap
    from chatsignals.services import audit

    container = bootstrap(settings_from(database_url=database_url))
    try:
        report = audit.verify(container.ctx)
    finally:
        container.close()
    click.echo(json.dumps(report.to_json()))
    if not report.ok:
        raise SystemExit(1)


@command.command("show")
@click.option("--after", type=int, default=0, show_default=True, help="Sequence number.")
@click.option("--limit", type=int, default=100, show_default=True)
@_DB
def show(after: int, limit: int, database_url: str | None) -> None:
    """One JSON line per entry, oldest first."""
    from chatsignals.bootstrap import bootstrap
    from chatsignals.services import audit

    container = bootstrap(settings_from(database_url=database_url))
    try:
        for entry in audit.read(container.ctx, after, limit):
            click.echo(json.dumps(entry))
    finally:
        container.close()

"""``chatsignals purge``: the retention job (run it daily, from cron or a scheduler)."""

from __future__ import annotations

import json

import click

from chatsignals.cli.options import settings_from


@click.command()
@click.option("--database-url", default=None, help="sqlite:///path or postgresql+psycopg://…")
@click.option(
    "--retention-days", type=int, default=None, help="Override CHATSIGNALS_RETENTION_DAYS."
)
def command(database_url: str | None, retention_days: int | None) -> None:
    """Drop the text of messages older than the retention period; signals remain."""
    from chatsignals.bootstrap import bootstrap
    from chatsignals.services.retention import purge_expired_text

    settings = settings_from(database_url=database_url, retention_days=retention_days)
    if settings.retention_days < 1:
        raise click.UsageError("retention must be at least one day")
    container = bootstrap(settings)
    try:
        click.echo(json.dumps(purge_expired_text(container.ctx, actor="cli")))
    finally:
        container.close()

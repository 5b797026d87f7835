"""``chatsignals migrate``: create or upgrade the schema."""

from __future__ import annotations

import click

from chatsignals.cli.options import settings_from


@click.command()
@click.option("--database-url", default=None, help="sqlite:///path or postgresql+psycopg://…")
def command(database_url: str | None) -> None:
    """Bring the database schema to the newest revision (safe to run again)."""
    from chatsignals.adapters.db.engine import make_engine
    from chatsignals.adapters.db.migrate import current_revision, upgrade

    settings = settings_from(database_url=database_url)
    if settings.effective_database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    click.echo(f"schema at revision {after} (was {before or 'empty'})")

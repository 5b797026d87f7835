"""The ``chatsignals`` command line. Each subcommand lives in its own module and is
imported only when it runs, so ``chatsignals --help`` stays fast."""

from __future__ import annotations

import importlib
from typing import Any

import click

# name -> (module, short help). Modules define a click command called ``command``.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("chatsignals.cli.serve", "Run the HTTP API (and web app)."),
    "simulate": ("chatsignals.cli.simulate", "Replay a scenario timeline and print decisions."),
    "demo": ("chatsignals.cli.demo", "Seed a local store with demo people and show the flow."),
    "migrate": ("chatsignals.cli.migrate", "Create or upgrade the database schema."),
    "worker": ("chatsignals.cli.worker", "Extract queued messages (ingest_mode=queue)."),
    "backfill": ("chatsignals.cli.backfill", "Re-extract stored messages (local or on Ray)."),
    "keys": ("chatsignals.cli.keys", "Create, list and revoke API keys; rotate the master key."),
    "audit": ("chatsignals.cli.audit", "Verify the audit log's hash chain, or print entries."),
    "purge": ("chatsignals.cli.purge", "Drop message text past the retention period."),
    "classify": ("chatsignals.cli.classify", "Classify JSON lines: interests, sensitive flags."),
    "evaluate": ("chatsignals.cli.evaluate", "Score extraction on the shared data (HTML report)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name][0])
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chatsignals")
def main(**_: Any) -> None:
    """chatsignals: assistant conversations in, privacy-checked interests out."""

"""``chatsignals simulate SCENARIO.json``: replay a timeline, print decisions as JSON lines."""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from chatsignals.cli.options import settings_from
from chatsignals.services.scenario import ScenarioError, load_scenario


@click.command()
@click.argument("scenario_file", type=click.File("r", encoding="utf-8"))
@click.option("--policy", default=None, help="Override the scenario's policy preset.")
@click.option("--extractor", default=None, help="Extraction backend (default from settings).")
def command(scenario_file: IO[str], policy: str | None, extractor: str | None) -> None:
    """Replay SCENARIO_FILE ('-' for standard input) on a fixed clock and a temporary store.

    Prints one JSON line per chat and per query event, in event order. An invalid
    scenario exits with status 2, prints nothing on standard output, and names the
    event index and the field on standard error.
    """
    from chatsignals.bootstrap import build_simulator

    try:
        scenario = load_scenario(scenario_file.read())
        if policy is not None:
            scenario = type(scenario)(policy, scenario.catalog, scenario.events)
        lines = build_simulator(settings_from(extractor=extractor)).run(scenario)
    except ScenarioError as exc:
        click.echo(f"error: invalid scenario: {exc}", err=True)
        sys.exit(2)
    except UnicodeDecodeError as exc:
        click.echo(f"error: the scenario is not valid UTF-8 ({exc.reason})", err=True)
        sys.exit(2)
    out = sys.stdout
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    out.flush()

"""``chatsignals demo``: the flow, told on a sample timeline, then a seeded local server."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import click

from chatsignals.cli.options import settings_from


def _walkthrough(settings: Any) -> None:
    from chatsignals.bootstrap import build_simulator
    from chatsignals.services.scenario import load_scenario

    text = (
        resources.files("chatsignals.data.scenarios")
        .joinpath("walkthrough.json")
        .read_text("utf-8")
    )
    scenario = load_scenario(text)
    outputs = ("chat", "interests", "ads", "feed")
    by_id = {e.data["id"]: e for e in scenario.events if e.type in outputs}
    click.secho("chatsignals demo: one timeline under the meta-2025 policy\n", bold=True)
    for line in build_simulator(settings).run(scenario):
        event = by_id[line["id"]]
        if line["type"] == "chat":
            used = [p for p, ok in line["used_for"].items() if ok]
            text_shown = event.data.get("text", "")
            click.secho(
                f'{event.at:%b %d %H:%M}  {event.data["account"]}: "{text_shown}"', fg="cyan"
            )
            if event.data.get("role") == "assistant":
                click.echo(
                    "    assistant turn: context for the person's next message, never a signal"
                )
                continue
            topics = (
                ", ".join(f"{i['topic']} ({i['score']:.2f})" for i in line["interests"]) or "none"
            )
            click.echo(
                f"    interests: {topics}; sensitive: {', '.join(line['sensitive']) or 'none'}"
            )
            click.echo(f"    used for: {', '.join(used) or 'nothing'}")
            for rule in line["rules"]:
                click.echo(f"    [{rule['rule']}/{rule['purpose']}] {rule['reason']}")
        elif line["type"] == "interests":
            click.secho(
                f"{event.at:%b %d %H:%M}  interests of {event.data['account']}'s identity",
                fg="green",
            )
            for purpose in ("ads", "content"):
                shown = [
                    f"{e['name']} {e['weight']:.2f} <- {', '.join(e['evidence'])}"
                    for e in line[purpose]
                ]
                click.echo(f"    {purpose}: {'; '.join(shown) or 'nothing'}")
        click.echo()


@click.command()
@click.option(
    "--serve/--no-serve", default=True, show_default=True, help="Start the server afterwards."
)
@click.option("--port", type=int, default=None, help="Port for the server (default 8000).")
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="Open the web app in a browser once the server is up.",
)
def command(serve: bool, port: int | None, open_browser: bool) -> None:
    """Tell the flow on a sample timeline, seed a local SQLite store, and serve it."""
    settings = settings_from(port=port)
    _walkthrough(settings)
    seeded = _seed(settings)
    click.echo(json.dumps(seeded))
    from chatsignals.cli.demo_keys import create_demo_keys, print_demo_keys

    print_demo_keys(settings, create_demo_keys(settings))
    if serve:
        from chatsignals.cli import serve as serve_cmd

        url = f"http://{settings.host}:{settings.port}/"
        click.echo(f"Open {url} for the web app, {url}docs for the API (Ctrl-C to stop).")
        if open_browser:
            from chatsignals.web.launch import open_when_up

            open_when_up(url)
        serve_cmd.command.main(
            args=[
                "--port",
                str(settings.port),
                "--database-url",
                settings.effective_database_url,
                "--web-demo",
                "--no-access-log",  # the terminal stays readable
            ],
            standalone_mode=True,
        )


DEMO_CAMPAIGN_START = "2025-12-01T00:00:00Z"


def _seed(settings: Any) -> dict[str, int]:
    """Demo people and content in the local store (idempotent)."""
    from datetime import date

    from chatsignals.bootstrap import bootstrap
    from chatsignals.domain.interactions import ContentItem
    from chatsignals.services import accounts, ingest
    from chatsignals.services.scenario import parse_time
    from chatsignals.services.simulator import load_demo_catalog

    try:
        catalog = load_demo_catalog()
    except FileNotFoundError:
        return {"people": 0, "content": 0}
    container = bootstrap(settings)
    ctx = container.ctx
    people = 0
    for person in catalog.get("people", []):
        born = date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None
        for acct in person["accounts"]:
            accounts.register_account(ctx, acct["id"], acct["app"], person["country"], born)
            accounts.deliver_notice(ctx, acct["id"])
        for acct_id in person.get("linked", []):
            accounts.link_account(ctx, person["center"], acct_id)
        people += 1
    items = 0
    for raw in catalog.get("content", []):
        created = parse_time(raw["created_at"], "content") if raw.get("created_at") else None
        item = ContentItem(
            raw["id"],
            raw["kind"],
            raw["title"],
            tuple(raw["categories"]),
            raw.get("author"),
            raw.get("app"),
            created,
        )
        items += ingest.add_content_item(ctx, item)
    campaigns = _seed_ads(ctx, catalog)
    container.close()
    return {"people": people, "content_added": items, "campaigns_added": campaigns}


def _seed_ads(ctx: Any, catalog: Any) -> int:
    """The catalog's advertisers, and each catalog ad as a campaign (idempotent)."""
    from chatsignals.services import advertising
    from chatsignals.services.scenario import parse_time
    from chatsignals.services.scenario_ads import campaign_from_ad, catalog_advertisers

    for advertiser in catalog_advertisers(catalog):
        advertising.create_advertiser(ctx, advertiser)
    start = parse_time(DEMO_CAMPAIGN_START, "demo")  # fixed, so a second run changes nothing
    added = 0
    for index, raw in enumerate(catalog.get("ads", [])):
        added += advertising.create_campaign(ctx, campaign_from_ad(index, raw, start))[1]
    return added

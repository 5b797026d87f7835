"""Demo API keys: one per role, printed with how to use them (``chatsignals demo``)."""

from __future__ import annotations

from typing import Any

import click


def create_demo_keys(settings: Any, advertiser: str = "trailco") -> dict[str, str]:
    """Revoke the previous demo keys and make fresh ones (tokens are shown only once)."""
    from chatsignals.bootstrap import bootstrap, build_extractor
    from chatsignals.domain.access import Role
    from chatsignals.services.api_keys import create_api_key, list_api_keys, revoke_api_key

    light = build_extractor(settings.with_overrides(extractor="keyword"))
    container = bootstrap(settings, extractor=light)
    ctx = container.ctx
    try:
        for key in list_api_keys(ctx):
            if key.label == "demo" and key.revoked_at is None:
                revoke_api_key(ctx, key.id, actor="demo")
        tokens = {
            role.value: create_api_key(
                ctx, role, advertiser if role is Role.ADVERTISER else None, "demo", actor="demo"
            )[1]
            for role in (Role.ADMIN, Role.PLATFORM, Role.AUDITOR, Role.ADVERTISER)
        }
    finally:
        container.close()
    return tokens


def print_demo_keys(settings: Any, tokens: dict[str, str]) -> None:
    base = f"http://{settings.host}:{settings.port}"
    click.secho("Demo API keys (shown once; `chatsignals keys list` shows their ids):", bold=True)
    for role, token in tokens.items():
        click.echo(f"  {role:<10} {token}")
    platform, auditor = tokens["platform"], tokens["auditor"]
    click.echo(
        "Try:\n"
        f"  curl -H 'Authorization: Bearer {auditor}' {base}/v1/policy\n"
        f"  curl -H 'Authorization: Bearer {platform}' -H 'content-type: application/json' \\\n"
        f'       -d \'{{"account": "<an account id>"}}\' {base}/v1/person-tokens\n'
        "  then, as that person: curl -H 'Authorization: Bearer <pt_… token>' "
        f"{base}/v1/me/interests\n"
        "Every /v1 route needs a key; in /docs use 'Authorize'."
    )

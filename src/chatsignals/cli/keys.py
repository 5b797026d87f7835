"""``chatsignals keys``: API keys (create, list, revoke) and master key rotation."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from chatsignals.cli.options import settings_from

_DB = click.option("--database-url", default=None, help="sqlite:///path or postgresql+psycopg://…")


@click.group()
def command() -> None:
    """API keys and the master key."""


@command.command("create")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["platform", "advertiser", "auditor", "admin"]),
    help="What the key may do.",
)
@click.option("--advertiser", default=None, help="The advertiser an advertiser key belongs to.")
@click.option("--label", default=None, help="A note to recognise the key by.")
@_DB
def create(role: str, advertiser: str | None, label: str | None, database_url: str | None) -> None:
    """Create a key and print it once (only its hash is stored)."""
    from chatsignals.bootstrap import bootstrap
    from chatsignals.domain.access import Role
    from chatsignals.services.api_keys import create_api_key, key_json
    from chatsignals.services.errors import ServiceError

    container = bootstrap(settings_from(database_url=database_url))
    try:
        key, token = create_api_key(container.ctx, Role(role), advertiser, label, actor="cli")
    except ServiceError as exc:
        raise click.UsageError(exc.message) from None
    finally:
        container.close()
    click.echo(json.dumps({**key_json(key), "token": token}))


@command.command("list")
@_DB
def list_keys(database_url: str | None) -> None:
    """One JSON line per key (never the secret)."""
    from chatsignals.bootstrap import bootstrap
    from chatsignals.services.api_keys import key_json, list_api_keys

    container = bootstrap(settings_from(database_url=database_url))
    for key in list_api_keys(container.ctx):
        click.echo(json.dumps(key_json(key)))
    container.close()


@command.command("revoke")
@click.argument("key_id")
@_DB
def revoke(key_id: str, database_url: str | None) -> None:
    """Revoke a key by its id; it stops working at once."""
    from chatsignals.bootstrap import bootstrap
    from chatsignals.services.api_keys import revoke_api_key
    from chatsignals.services.errors import ServiceError

    container = bootstrap(settings_from(database_url=database_url))
    try:
        revoke_api_key(container.ctx, key_id, actor="cli")
    except ServiceError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        container.close()
    click.echo(json.dumps({"revoked": key_id}))


@command.command("rotate")
@click.option(
    "--new-key-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The new master key (base64 of 32 bytes). Default: generate one and replace the "
    "key file in use.",
)
@_DB
def rotate(new_key_file: Path | None, database_url: str | None) -> None:
    """Re-wrap every data key under a new master key.

    With a key file (the default), a new key is generated, written beside it as
    ``<file>.new``, the data keys are re-wrapped in one transaction, and then the new
    file replaces the old one (a start-up in between reads both). With
    ``CHATSIGNALS_MASTER_KEY`` set, give ``--new-key-file`` and afterwards point the
    setting at the new key. Restart servers afterwards; the old key can then be destroyed.
    """
    from chatsignals.adapters.crypto.keyring import (
        MasterKey,
        MasterKeyError,
        encode_key,
        generate_key,
        key_file_path,
        load_keyring,
        pending_key_path,
        read_key_file,
        write_key_file,
    )
    from chatsignals.bootstrap import bootstrap
    from chatsignals.services.key_rotation import rewrap_data_keys

    settings = settings_from(database_url=database_url)
    try:
        ring = load_keyring(settings)
        current_file = key_file_path(settings)
        if new_key_file is not None:
            new_key = read_key_file(new_key_file)
        elif current_file is None:
            raise click.UsageError("CHATSIGNALS_MASTER_KEY is set: give --new-key-file")
        else:
            pending = pending_key_path(current_file)
            pending.unlink(missing_ok=True)
            new_key = generate_key()
            write_key_file(pending, new_key)
    except MasterKeyError as exc:
        raise click.ClickException(str(exc)) from None
    retired = [encode_key(k.key) for k in ring.keys if k.key != new_key]
    rotated = settings.with_overrides(
        master_key=encode_key(new_key),
        master_key_file="",
        retired_master_keys=",".join(retired),
    )
    container = bootstrap(rotated)
    try:
        result = rewrap_data_keys(container.ctx, MasterKey(new_key).id, actor="cli")
    finally:
        container.close()
    if new_key_file is None and current_file is not None:
        os.replace(pending_key_path(current_file), current_file)
        result["key_file"] = str(current_file)
    click.echo(json.dumps(result))

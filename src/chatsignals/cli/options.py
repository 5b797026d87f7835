"""Shared command-line plumbing: settings from the environment plus options."""

from __future__ import annotations

import click

from chatsignals.settings import Settings


def settings_from(**overrides: object) -> Settings:
    try:
        return Settings.from_env().with_overrides(**overrides)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
